import type { Pool } from 'pg';
import type { Feature } from '../domain/items';

export type Side = 'source' | 'target';
export type Provider = 'plex' | 'trakt';

export interface SnapshotRef {
  snapshotId: number;
  count: number;
  complete: boolean;
}

export interface StoredSnapshot<R> extends SnapshotRef {
  records: R[];
  checkpoint: unknown;
  provider: Provider;
}

export interface NewSnapshot<R> {
  pairId: string;
  side: Side;
  provider: Provider;
  feature: Feature;
  complete: boolean;
  records: readonly R[];
  checkpoint?: unknown;
}

export async function saveSnapshot<R>(db: Pool, snapshot: NewSnapshot<R>): Promise<SnapshotRef> {
  const { rows } = await db.query<{ id: string }>(
    `insert into snapshots (pair_id, side, provider, feature, complete, item_count, checkpoint, records)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
    [
      snapshot.pairId,
      snapshot.side,
      snapshot.provider,
      snapshot.feature,
      snapshot.complete,
      snapshot.records.length,
      snapshot.checkpoint === undefined ? null : JSON.stringify(snapshot.checkpoint),
      JSON.stringify(snapshot.records),
    ],
  );
  return { snapshotId: Number(rows[0]!.id), count: snapshot.records.length, complete: snapshot.complete };
}

interface SnapshotRow {
  id: string;
  item_count: number;
  complete: boolean;
  checkpoint: unknown;
  provider: Provider;
  records: unknown[];
}

function fromRow<R>(row: SnapshotRow): StoredSnapshot<R> {
  return {
    snapshotId: Number(row.id),
    count: row.item_count,
    complete: row.complete,
    checkpoint: row.checkpoint,
    provider: row.provider,
    records: row.records as R[],
  };
}

export async function loadSnapshot<R>(db: Pool, snapshotId: number): Promise<StoredSnapshot<R>> {
  const { rows } = await db.query<SnapshotRow>(
    'select id, item_count, complete, checkpoint, provider, records from snapshots where id = $1',
    [snapshotId],
  );
  if (!rows[0]) throw new Error(`snapshot ${snapshotId} does not exist`);
  return fromRow(rows[0]);
}

/** The newest complete snapshot of one side, for incremental reads. */
export async function latestCompleteSnapshot<R>(
  db: Pool,
  pairId: string,
  side: Side,
  feature: Feature,
): Promise<StoredSnapshot<R> | undefined> {
  const { rows } = await db.query<SnapshotRow>(
    `select id, item_count, complete, checkpoint, provider, records from snapshots
     where pair_id = $1 and side = $2 and feature = $3 and complete order by id desc limit 1`,
    [pairId, side, feature],
  );
  return rows[0] ? fromRow(rows[0]) : undefined;
}

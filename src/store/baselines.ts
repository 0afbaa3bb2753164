import type { Pool } from 'pg';
import type { Feature } from '../domain/items';
import type { Side } from './snapshots';

export interface StoredBaselines<R> {
  source: R[];
  target: R[];
}

/** Both sides' baselines, or undefined on a pair's first run (or when a side was never committed). */
export async function loadBaselines<R>(db: Pool, pairId: string, feature: Feature): Promise<StoredBaselines<R> | undefined> {
  const { rows } = await db.query<{ side: Side; records: R[] }>('select side, records from baselines where pair_id = $1 and feature = $2', [
    pairId,
    feature,
  ]);
  const source = rows.find((r) => r.side === 'source');
  const target = rows.find((r) => r.side === 'target');
  return source && target ? { source: source.records, target: target.records } : undefined;
}

export async function saveBaselines<R>(db: Pool, pairId: string, feature: Feature, baselines: StoredBaselines<R>): Promise<void> {
  await db.query(
    `insert into baselines (pair_id, side, feature, records) values ($1, 'source', $2, $3), ($1, 'target', $2, $4)
     on conflict (pair_id, side, feature) do update set records = excluded.records, committed_at = now()`,
    [pairId, feature, JSON.stringify(baselines.source), JSON.stringify(baselines.target)],
  );
}

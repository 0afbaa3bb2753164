import type { Pool } from 'pg';
import type { Feature } from '../domain/items';
import { inTransaction } from './db';
import type { Side } from './snapshots';

export type ChunkOp = 'add' | 'remove';
export type ChunkStatus = 'pending' | 'sending' | 'done';

export interface NewChunk<R> {
  destination: Side;
  op: ChunkOp;
  needsApproval: boolean;
  records: readonly R[];
}

export interface ChunkRef {
  chunkNo: number;
  destination: Side;
  op: ChunkOp;
  needsApproval: boolean;
  size: number;
  status: ChunkStatus;
}

export interface StoredChunk<R> extends ChunkRef {
  planId: number;
  records: R[];
  result: unknown;
  attempts: number;
}

export async function savePlan<R>(
  db: Pool,
  plan: { pairId: string; feature: Feature; sourceSnapshot: number; targetSnapshot: number; summary: unknown; guards: unknown },
  chunks: readonly NewChunk<R>[],
): Promise<number> {
  return inTransaction(db, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      'insert into plans (pair_id, feature, source_snapshot, target_snapshot, summary, guards) values ($1, $2, $3, $4, $5, $6) returning id',
      [plan.pairId, plan.feature, plan.sourceSnapshot, plan.targetSnapshot, JSON.stringify(plan.summary), JSON.stringify(plan.guards)],
    );
    const planId = Number(rows[0]!.id);
    if (chunks.length > 0) {
      await client.query(
        `insert into plan_chunks (plan_id, chunk_no, destination, op, needs_approval, records)
         select $1, n, d, o, a, r::jsonb
         from unnest($2::int[], $3::text[], $4::text[], $5::bool[], $6::text[]) as t(n, d, o, a, r)`,
        [
          planId,
          chunks.map((_, i) => i),
          chunks.map((c) => c.destination),
          chunks.map((c) => c.op),
          chunks.map((c) => c.needsApproval),
          chunks.map((c) => JSON.stringify(c.records)),
        ],
      );
    }
    return planId;
  });
}

export async function loadChunk<R>(db: Pool, planId: number, chunkNo: number): Promise<StoredChunk<R>> {
  const { rows } = await db.query(
    `select chunk_no, destination, op, needs_approval, records, status, result, attempts
     from plan_chunks where plan_id = $1 and chunk_no = $2`,
    [planId, chunkNo],
  );
  const r = rows[0];
  if (!r) throw new Error(`plan ${planId} has no chunk ${chunkNo}`);
  return {
    planId,
    chunkNo: r.chunk_no,
    destination: r.destination,
    op: r.op,
    needsApproval: r.needs_approval,
    records: r.records,
    size: r.records.length,
    status: r.status,
    result: r.result,
    attempts: r.attempts,
  };
}

/**
 * Marks a chunk as possibly sent; counts attempts so the CLI can show flaky destinations. False when the chunk is
 * done already (closed by a 420 on its list meanwhile): nothing to send.
 */
export async function markChunkSending(db: Pool, planId: number, chunkNo: number): Promise<boolean> {
  const { rowCount } = await db.query(
    `update plan_chunks set status = 'sending', attempts = attempts + 1, updated_at = now()
     where plan_id = $1 and chunk_no = $2 and status <> 'done'`,
    [planId, chunkNo],
  );
  return rowCount === 1;
}

export async function finishChunk(db: Pool, planId: number, chunkNo: number, result: unknown): Promise<void> {
  await db.query(`update plan_chunks set status = 'done', result = $3, updated_at = now() where plan_id = $1 and chunk_no = $2`, [
    planId,
    chunkNo,
    JSON.stringify(result),
  ]);
}

/** Progress of a chunk written item by item (Plex), so a retried chunk resumes after the last confirmed item. */
export async function saveChunkProgress(db: Pool, planId: number, chunkNo: number, progress: unknown): Promise<void> {
  await db.query('update plan_chunks set result = $3, updated_at = now() where plan_id = $1 and chunk_no = $2', [
    planId,
    chunkNo,
    JSON.stringify(progress),
  ]);
}

/** When the plan's last write to `side` finished, if it wrote there at all. */
export async function lastWriteAt(db: Pool, planId: number, side: Side): Promise<Date | undefined> {
  const { rows } = await db.query<{ last_write: Date | null }>(
    "select max(updated_at) as last_write from plan_chunks where plan_id = $1 and destination = $2 and status = 'done'",
    [planId, side],
  );
  return rows[0]?.last_write ?? undefined;
}

export async function loadPlanSummary(
  db: Pool,
  planId: number,
): Promise<{ pairId: string; feature: Feature; summary: unknown; guards: unknown; sourceSnapshot: number; targetSnapshot: number }> {
  const { rows } = await db.query('select pair_id, feature, summary, guards, source_snapshot, target_snapshot from plans where id = $1', [
    planId,
  ]);
  const r = rows[0];
  if (!r) throw new Error(`plan ${planId} does not exist`);
  return {
    pairId: r.pair_id,
    feature: r.feature,
    summary: r.summary,
    guards: r.guards,
    sourceSnapshot: Number(r.source_snapshot),
    targetSnapshot: Number(r.target_snapshot),
  };
}

/** All records of a plan's finished chunks, grouped, for committing baselines. */
export async function chunkResults(
  db: Pool,
  planId: number,
): Promise<{ destination: Side; op: ChunkOp; needsApproval: boolean; status: ChunkStatus; records: unknown[]; result: unknown }[]> {
  const { rows } = await db.query(
    'select destination, op, needs_approval, status, records, result from plan_chunks where plan_id = $1 order by chunk_no',
    [planId],
  );
  return rows.map((r) => ({
    destination: r.destination,
    op: r.op,
    needsApproval: r.needs_approval,
    status: r.status,
    records: r.records,
    result: r.result,
  }));
}

/**
 * The side's list answered 420 (account limit): it takes no further add in this plan. The chunks of adds to that
 * side not started yet are done at once, with `resultOf` their records; returns those records (to freeze). A chunk
 * starting meanwhile either is done here first (and sends nothing) or is `sending` already and left alone.
 */
export function closeForAccountLimit<R>(db: Pool, planId: number, side: Side, resultOf: (records: R[]) => unknown): Promise<R[]> {
  return inTransaction(db, async (client) => {
    await client.query(
      'update plans set account_limited = array_append(account_limited, $2) where id = $1 and not ($2 = any(account_limited))',
      [planId, side],
    );
    const { rows } = await client.query<{ chunk_no: number; records: R[] }>(
      `select chunk_no, records from plan_chunks where plan_id = $1 and destination = $2 and op = 'add' and status = 'pending'
       order by chunk_no for update`,
      [planId, side],
    );
    for (const row of rows) {
      await client.query(`update plan_chunks set status = 'done', result = $3, updated_at = now() where plan_id = $1 and chunk_no = $2`, [
        planId,
        row.chunk_no,
        JSON.stringify(resultOf(row.records)),
      ]);
    }
    return rows.flatMap((row) => row.records);
  });
}

/** Whether the side's list answered 420 earlier in this plan. */
export async function isClosedForAccountLimit(db: Pool, planId: number, side: Side): Promise<boolean> {
  const { rows } = await db.query<{ closed: boolean }>('select $2 = any(account_limited) as closed from plans where id = $1', [
    planId,
    side,
  ]);
  return rows[0]?.closed ?? false;
}

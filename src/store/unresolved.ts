import type { Pool } from 'pg';
import type { Feature, MinimalItem } from '../domain/items';
import type { Side } from './snapshots';

/** What a frozen item belongs to: a pair-sync feature, or the Stash push (pair `stash`, one row per scene). */
export type UnresolvedFeature = Feature | 'stash-push';

export interface UnresolvedItem {
  pairId: string;
  feature: UnresolvedFeature;
  destination: Side;
  itemKey: string;
  record: unknown;
  reason: string;
  attempts: number;
  firstAttemptAt: string;
  lastAttemptAt: string;
  retryAfter?: string;
}

/**
 * Freezes items that failed permanently. A repeat failure counts an attempt and doubles the back-off
 * (from `baseBackoffMs`, capped at `maxBackoffMs`) before the item is tried again.
 */
export async function freeze(
  db: Pool,
  items: { pairId: string; feature: UnresolvedFeature; destination: Side; itemKey: string; record: unknown; reason: string }[],
  backoff = { baseBackoffMs: 24 * 3600_000, maxBackoffMs: 30 * 24 * 3600_000 },
): Promise<void> {
  if (items.length === 0) return;
  // One row per key: two plays of one title are one frozen title (and one insert may not touch a row twice).
  items = [...new Map(items.map((item) => [`${item.pairId}|${item.feature}|${item.destination}|${item.itemKey}`, item])).values()];
  await db.query(
    `insert into unresolved (pair_id, feature, destination, item_key, record, reason, retry_after)
     select p, f, d, k, r::jsonb, why, now() + ($7::bigint * interval '1 millisecond')
     from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) as t(p, f, d, k, r, why)
     on conflict (pair_id, feature, destination, item_key) do update set
       reason = excluded.reason, record = excluded.record, attempts = unresolved.attempts + 1, last_attempt_at = now(),
       retry_after = now() + least($8::bigint, $7::bigint * power(2, unresolved.attempts)::bigint) * interval '1 millisecond'`,
    [
      items.map((i) => i.pairId),
      items.map((i) => i.feature),
      items.map((i) => i.destination),
      items.map((i) => i.itemKey),
      items.map((i) => JSON.stringify(i.record)),
      items.map((i) => i.reason),
      backoff.baseBackoffMs,
      backoff.maxBackoffMs,
    ],
  );
}

/** A pair's unresolved items at one destination: their key, item, and whether their back-off still runs. */
export async function unresolvedAt(
  db: Pool,
  pairId: string,
  feature: Feature,
  destination: Side,
): Promise<{ itemKey: string; item: MinimalItem; frozen: boolean }[]> {
  const { rows } = await db.query<{ item_key: string; item: MinimalItem; frozen: boolean }>(
    `select item_key, record -> 'item' as item, (retry_after is null or retry_after > now()) as frozen
     from unresolved where pair_id = $1 and feature = $2 and destination = $3`,
    [pairId, feature, destination],
  );
  return rows.map((r) => ({ itemKey: r.item_key, item: r.item, frozen: r.frozen }));
}

/** A later success thaws an item. */
export async function thawKeys(
  db: Pool,
  pairId: string,
  feature: UnresolvedFeature,
  destination: Side,
  keys: readonly string[],
): Promise<number> {
  if (keys.length === 0) return 0;
  const { rowCount } = await db.query(
    'delete from unresolved where pair_id = $1 and feature = $2 and destination = $3 and item_key = any($4::text[])',
    [pairId, feature, destination, keys],
  );
  return rowCount ?? 0;
}

/** `watchsync unresolved thaw`: every item of a pair (optionally one feature / one key) is tried again next run. */
export async function thaw(db: Pool, filter: { pairId: string; feature?: UnresolvedFeature; itemKey?: string }): Promise<number> {
  const { rowCount } = await db.query(
    'delete from unresolved where pair_id = $1 and ($2::text is null or feature = $2) and ($3::text is null or item_key = $3)',
    [filter.pairId, filter.feature ?? null, filter.itemKey ?? null],
  );
  return rowCount ?? 0;
}

export async function listUnresolved(db: Pool, filter: { pairId?: string; feature?: UnresolvedFeature }): Promise<UnresolvedItem[]> {
  const { rows } = await db.query(
    `select * from unresolved where ($1::text is null or pair_id = $1) and ($2::text is null or feature = $2)
     order by pair_id, feature, last_attempt_at desc`,
    [filter.pairId ?? null, filter.feature ?? null],
  );
  return rows.map((r) => ({
    pairId: r.pair_id,
    feature: r.feature,
    destination: r.destination,
    itemKey: r.item_key,
    record: r.record,
    reason: r.reason,
    attempts: r.attempts,
    firstAttemptAt: r.first_attempt_at.toISOString(),
    lastAttemptAt: r.last_attempt_at.toISOString(),
    retryAfter: r.retry_after?.toISOString(),
  }));
}

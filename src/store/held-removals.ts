import type { Pool } from 'pg';
import type { Feature } from '../domain/items';

/** Since when the feature's removals have been held without a decision; starts the clock on the first hold. */
export async function heldSince(db: Pool, pairId: string, feature: Feature): Promise<Date> {
  const { rows } = await db.query<{ held_since: Date }>(
    `insert into held_removals (pair_id, feature) values ($1, $2)
     on conflict (pair_id, feature) do update set held_since = held_removals.held_since
     returning held_since`,
    [pairId, feature],
  );
  return rows[0]!.held_since;
}

/** The held removals were decided (applied, rejected, expired) or none are held any more. */
export async function clearHeld(db: Pool, pairId: string, feature: Feature): Promise<void> {
  await db.query('delete from held_removals where pair_id = $1 and feature = $2', [pairId, feature]);
}

/** Since when each feature of the pair has had removals held without a decision (the expiry runs from there). */
export async function heldRemovalsOf(db: Pool, pairId: string): Promise<{ feature: Feature; heldSince: Date }[]> {
  const { rows } = await db.query<{ feature: Feature; held_since: Date }>(
    'select feature, held_since from held_removals where pair_id = $1 order by feature',
    [pairId],
  );
  return rows.map((r) => ({ feature: r.feature, heldSince: r.held_since }));
}

import type { Pool } from 'pg';
import type { ExternalIds } from '../domain/items';

/** PostgreSQL memo of fallback-GUID lookups: `null` records a known miss so later runs skip the orphan. */
export function pgGuidMemo(db: Pool) {
  return {
    async get(key: string): Promise<ExternalIds | null | undefined> {
      const { rows } = await db.query<{ ids: ExternalIds | null }>('select ids from guid_memo where memo_key = $1', [key]);
      return rows[0] === undefined ? undefined : rows[0].ids;
    },
    async put(key: string, ids: ExternalIds | null): Promise<void> {
      await db.query(
        `insert into guid_memo (memo_key, ids) values ($1, $2)
         on conflict (memo_key) do update set ids = excluded.ids, looked_up_at = now()`,
        [key, ids === null ? null : JSON.stringify(ids)],
      );
    },
  };
}

/** `watchsync guid-memo reset`: forget every lookup (or only the misses), so they are tried again. */
export async function resetGuidMemo(db: Pool, onlyMisses: boolean): Promise<number> {
  const { rowCount } = await db.query(onlyMisses ? 'delete from guid_memo where ids is null' : 'delete from guid_memo');
  return rowCount ?? 0;
}

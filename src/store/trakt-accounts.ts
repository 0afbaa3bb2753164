import type { Pool } from 'pg';
import { AccountChangedError } from './account-changed';

/** Binds the pair to the Trakt user on its first run; later runs must present the same user. */
export async function bindTraktAccount(db: Pool, pairId: string, username: string): Promise<void> {
  const { rows } = await db.query<{ username: string }>(
    `insert into trakt_accounts (pair_id, username) values ($1, $2)
     on conflict (pair_id) do update set
       seen_at = case when trakt_accounts.username = excluded.username then now() else trakt_accounts.seen_at end
     returning username`,
    [pairId, username],
  );
  const bound = rows[0]!.username;
  if (bound !== username) throw new AccountChangedError('Trakt', pairId, bound, username);
}

export async function boundTraktAccount(db: Pool, pairId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ username: string }>('select username from trakt_accounts where pair_id = $1', [pairId]);
  return rows[0]?.username;
}

/** Fails unless the pair is bound to `username`. Writes only check: binding is the first index's job. */
export async function expectTraktAccount(db: Pool, pairId: string, username: string): Promise<void> {
  const bound = await boundTraktAccount(db, pairId);
  if (bound !== username) throw new AccountChangedError('Trakt', pairId, bound, username);
}

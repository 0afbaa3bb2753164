import type { Pool } from 'pg';
import type { PlexIdentity } from '../providers/plex';
import { AccountChangedError } from './account-changed';

export interface BoundPlexAccount {
  uuid: string;
  username: string;
  accountId?: number;
  managed: boolean;
  boundAt: string;
}

interface AccountRow {
  uuid: string;
  username: string;
  account_id: number | null;
  managed: boolean;
  bound_at: Date;
}

function toBound(row: AccountRow): BoundPlexAccount {
  return {
    uuid: row.uuid,
    username: row.username,
    ...(row.account_id !== null ? { accountId: row.account_id } : {}),
    managed: row.managed,
    boundAt: row.bound_at.toISOString(),
  };
}

/** Binds the pair to the token's account on its first run; later runs must present the same account. */
export async function bindPlexAccount(db: Pool, pairId: string, identity: PlexIdentity): Promise<BoundPlexAccount> {
  // Inserts, or refreshes a binding to the same account (names and PMS ids may change); a different uuid stays as it was.
  const { rows } = await db.query<AccountRow>(
    `insert into plex_accounts (pair_id, uuid, plex_tv_id, username, account_id, managed) values ($1, $2, $3, $4, $5, $6)
     on conflict (pair_id) do update set
       username = case when plex_accounts.uuid = excluded.uuid then excluded.username else plex_accounts.username end,
       account_id = case when plex_accounts.uuid = excluded.uuid then excluded.account_id else plex_accounts.account_id end,
       seen_at = case when plex_accounts.uuid = excluded.uuid then now() else plex_accounts.seen_at end
     returning uuid, username, account_id, managed, bound_at`,
    [pairId, identity.uuid, identity.plexTvId, identity.username, identity.accountId ?? null, identity.managed],
  );
  const bound = toBound(rows[0]!);
  if (bound.uuid !== identity.uuid) throw new AccountChangedError('Plex', pairId, bound.username, identity.username);
  return bound;
}

export async function boundPlexAccount(db: Pool, pairId: string): Promise<BoundPlexAccount | undefined> {
  const { rows } = await db.query<AccountRow>(
    'select uuid, username, account_id, managed, bound_at from plex_accounts where pair_id = $1',
    [pairId],
  );
  const row = rows[0];
  return row && toBound(row);
}

/** Fails unless the pair is bound to the account of `identity`. Writes only check: binding is the first index's job. */
export async function expectPlexAccount(db: Pool, pairId: string, identity: PlexIdentity): Promise<void> {
  const bound = await boundPlexAccount(db, pairId);
  if (bound?.uuid !== identity.uuid) throw new AccountChangedError('Plex', pairId, bound?.username, identity.username);
}

import { type Pool, withClient } from './db';

export interface StoredTraktTokens {
  accessToken: string;
  refreshToken: string;
  /** ISO-8601 UTC. */
  expiresAt: string;
  scope?: string;
}

/**
 * Trakt tokens in PostgreSQL. Refresh tokens are single-use, so a refresh runs under a per-account advisory
 * lock (across every worker process) and the new pair is saved before anyone uses it.
 */
export function pgTraktTokenStore(db: Pool) {
  return {
    async load(account: string): Promise<StoredTraktTokens | undefined> {
      const { rows } = await db.query<{ access_token: string; refresh_token: string; expires_at: Date; scope: string | null }>(
        'select access_token, refresh_token, expires_at, scope from trakt_tokens where account = $1',
        [account],
      );
      const row = rows[0];
      if (!row) return undefined;
      return {
        accessToken: row.access_token,
        refreshToken: row.refresh_token,
        expiresAt: row.expires_at.toISOString(),
        scope: row.scope ?? undefined,
      };
    },
    async save(account: string, tokens: StoredTraktTokens): Promise<void> {
      await db.query(
        // New tokens may be another user's (a login): who they belong to is asked again (see `username`).
        `insert into trakt_tokens (account, access_token, refresh_token, expires_at, scope) values ($1, $2, $3, $4, $5)
         on conflict (account) do update set access_token = excluded.access_token, refresh_token = excluded.refresh_token,
           expires_at = excluded.expires_at, scope = excluded.scope, username = null, updated_at = now()`,
        [account, tokens.accessToken, tokens.refreshToken, tokens.expiresAt, tokens.scope ?? null],
      );
    },
    /** The Trakt user of the account's tokens, asked with `ask` once per login or refresh. */
    async username(account: string, ask: () => Promise<string>): Promise<string> {
      const { rows } = await db.query<{ username: string | null }>('select username from trakt_tokens where account = $1', [account]);
      const known = rows[0]?.username;
      if (known) return known;
      const username = await ask();
      await db.query('update trakt_tokens set username = $2 where account = $1', [account, username]);
      return username;
    },
    async withRefreshLock<T>(account: string, fn: () => Promise<T>): Promise<T> {
      const lockName = `trakt-refresh:${account}`;
      return withClient(db, async (client) => {
        await client.query('select pg_advisory_lock(hashtext($1))', [lockName]);
        try {
          return await fn();
        } finally {
          // An unlock fails only with its session (a database restart), which took the lock with it.
          await client.query('select pg_advisory_unlock(hashtext($1))', [lockName]).catch(() => undefined);
        }
      });
    },
  };
}

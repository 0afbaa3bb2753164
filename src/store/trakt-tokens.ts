import { inTransaction, type Pool, withClient } from './db';
import { missingKeyProblem, type SecretBox, SecretKeyError } from './secret-box';

export interface StoredTraktTokens {
  accessToken: string;
  refreshToken: string;
  /** ISO-8601 UTC. */
  expiresAt: string;
  scope?: string;
}

interface TokenRow {
  account: string;
  access_token: string;
  refresh_token: string;
  expires_at: Date;
  scope: string | null;
  key_id: string | null;
}

/** Where a sealed token lives: a token sealed for one account or column does not open as another's. */
const contextOf = (account: string, column: 'access_token' | 'refresh_token') => `trakt_tokens/${account}/${column}`;

function sealedWith(box: SecretBox, account: string, tokens: Pick<StoredTraktTokens, 'accessToken' | 'refreshToken'>) {
  return [
    box.seal(tokens.accessToken, contextOf(account, 'access_token')),
    box.seal(tokens.refreshToken, contextOf(account, 'refresh_token')),
  ];
}

/** The row's tokens in clear: opened with the key that sealed them, or as stored when they predate encryption. */
function opened(box: SecretBox, row: TokenRow): Pick<StoredTraktTokens, 'accessToken' | 'refreshToken'> {
  if (row.key_id === null) return { accessToken: row.access_token, refreshToken: row.refresh_token };
  return {
    accessToken: box.open(row.access_token, row.key_id, contextOf(row.account, 'access_token')),
    refreshToken: box.open(row.refresh_token, row.key_id, contextOf(row.account, 'refresh_token')),
  };
}

const needBox = (box: SecretBox | undefined): SecretBox => {
  if (!box) throw new SecretKeyError(missingKeyProblem);
  return box;
};

/**
 * Trakt tokens in PostgreSQL, sealed with `box` (secrets.encryption_key). Refresh tokens are single-use, so a
 * refresh runs under a per-account advisory lock (across every worker process) and the new pair is saved before
 * anyone uses it. Without a key nothing can be stored or read, and the error names the key to set.
 */
export function pgTraktTokenStore(db: Pool, box?: SecretBox) {
  return {
    async load(account: string): Promise<StoredTraktTokens | undefined> {
      const { rows } = await db.query<TokenRow>(
        'select account, access_token, refresh_token, expires_at, scope, key_id from trakt_tokens where account = $1',
        [account],
      );
      const row = rows[0];
      if (!row) return undefined;
      const tokens = opened(needBox(box), row);
      if (row.key_id === null) {
        // Stored before tokens were encrypted: sealed now, unless a refresh replaced them meanwhile.
        await db.query('update trakt_tokens set access_token = $2, refresh_token = $3, key_id = $4 where account = $1 and key_id is null', [
          account,
          ...sealedWith(box!, account, tokens),
          box!.keyId,
        ]);
      }
      return { ...tokens, expiresAt: row.expires_at.toISOString(), scope: row.scope ?? undefined };
    },
    async save(account: string, tokens: StoredTraktTokens): Promise<void> {
      const keys = needBox(box);
      await db.query(
        // New tokens may be another user's (a login): who they belong to is asked again (see `username`).
        `insert into trakt_tokens (account, access_token, refresh_token, expires_at, scope, key_id) values ($1, $2, $3, $4, $5, $6)
         on conflict (account) do update set access_token = excluded.access_token, refresh_token = excluded.refresh_token,
           expires_at = excluded.expires_at, scope = excluded.scope, key_id = excluded.key_id, username = null, updated_at = now()`,
        [account, ...sealedWith(keys, account, tokens), tokens.expiresAt, tokens.scope ?? null, keys.keyId],
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

/**
 * `watchsync secrets rotate`: every stored token sealed again under the current key (opened with whichever
 * configured key sealed it, or as plain text from before encryption). Afterwards the previous keys can go.
 */
export function resealTraktTokens(db: Pool, box: SecretBox): Promise<{ resealed: number; current: number }> {
  return inTransaction(db, async (client) => {
    const { rows } = await client.query<TokenRow>(
      'select account, access_token, refresh_token, expires_at, scope, key_id from trakt_tokens for update',
    );
    let resealed = 0;
    for (const row of rows) {
      if (row.key_id === box.keyId) continue;
      await client.query('update trakt_tokens set access_token = $2, refresh_token = $3, key_id = $4 where account = $1', [
        row.account,
        ...sealedWith(box, row.account, opened(box, row)),
        box.keyId,
      ]);
      resealed++;
    }
    return { resealed, current: rows.length - resealed };
  });
}

/** When the account's stored access token expires (undefined: no login stored); reads no secret. */
export async function traktTokenExpiry(db: Pool, account: string): Promise<Date | undefined> {
  const { rows } = await db.query<{ expires_at: Date }>('select expires_at from trakt_tokens where account = $1', [account]);
  return rows[0]?.expires_at;
}

import type { TraktToken } from './schemas';

/** An account's OAuth pair. `expiresAt` is ISO-8601 UTC. Never logged, never put in a workflow. */
export interface TraktTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
  scope?: string;
}

/**
 * Where tokens live (the lead's PostgreSQL store in production). Refresh tokens are single-use, so
 * refreshes of one account must be serialised across processes: `withRefreshLock` does that
 * (an advisory lock in PostgreSQL).
 */
export interface TraktTokenStore {
  load(account: string): Promise<TraktTokens | undefined>;
  save(account: string, tokens: TraktTokens): Promise<void>;
  /** Runs `fn` while holding the account's refresh lock; other holders wait. */
  withRefreshLock<T>(account: string, fn: () => Promise<T>): Promise<T>;
}

/** The pair an OAuth answer grants; `created_at` is Trakt's clock (epoch seconds). */
export function tokensFromGrant(grant: TraktToken): TraktTokens {
  return {
    accessToken: grant.access_token,
    refreshToken: grant.refresh_token,
    expiresAt: new Date((grant.created_at + grant.expires_in) * 1000).toISOString(),
    scope: grant.scope,
  };
}

/** An in-memory store for tests and one-process tools; the lock serialises within this process only. */
export function memoryTokenStore(initial: Record<string, TraktTokens> = {}): TraktTokenStore {
  const tokens = new Map(Object.entries(initial));
  const locks = new Map<string, Promise<unknown>>();
  return {
    load: async (account) => tokens.get(account),
    save: async (account, pair) => {
      tokens.set(account, pair);
    },
    withRefreshLock: (account, fn) => {
      const run = (locks.get(account) ?? Promise.resolve()).then(fn);
      // The next holder waits for this one whether it succeeds or fails.
      locks.set(
        account,
        run.catch(() => undefined),
      );
      return run;
    },
  };
}

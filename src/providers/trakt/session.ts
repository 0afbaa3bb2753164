import { isoToEpochMs } from '../../domain/time';
import { TraktAuthError } from './errors';
import type { TraktTokenStore, TraktTokens } from './tokens';

export interface SessionOptions {
  account: string;
  store: TraktTokenStore;
  clock: () => number;
  /** Refresh when the access token expires within this long. */
  refreshMarginMs: number;
  /** Redeems a refresh token (single-use); undefined when Trakt rejects it. */
  redeem: (refreshToken: string) => Promise<TraktTokens | undefined>;
}

/**
 * The access token of one account, refreshed proactively before it expires and once after a 401.
 * Refresh tokens are single-use, so every refresh runs under the store's per-account lock, re-reads the
 * pair first (another process may have refreshed already) and saves the new pair before anyone uses it:
 * a crash after the refresh can then never strand the account with a spent refresh token.
 */
export class TraktSession {
  constructor(private readonly options: SessionOptions) {}

  async accessToken(): Promise<string> {
    const tokens = await this.load();
    return this.expiring(tokens) ? this.refreshReplacing(tokens.accessToken) : tokens.accessToken;
  }

  /** A fresh access token to use instead of `stale` (rejected with 401, or about to expire). */
  refreshReplacing(stale: string): Promise<string> {
    const { account, store, redeem } = this.options;
    return store.withRefreshLock(account, async () => {
      const current = await this.load();
      if (current.accessToken !== stale && !this.expiring(current)) return current.accessToken;
      const fresh = await redeem(current.refreshToken);
      if (!fresh) throw new TraktAuthError(account, 'refresh_rejected');
      await store.save(account, fresh);
      return fresh.accessToken;
    });
  }

  private async load(): Promise<TraktTokens> {
    const tokens = await this.options.store.load(this.options.account);
    if (!tokens) throw new TraktAuthError(this.options.account, 'no_tokens');
    return tokens;
  }

  private expiring(tokens: TraktTokens): boolean {
    const expiresAt = isoToEpochMs(tokens.expiresAt);
    // An unreadable expiry is treated as expired: refreshing is safe, using a dead token is not.
    return expiresAt === undefined || expiresAt - this.options.clock() <= this.options.refreshMarginMs;
  }
}

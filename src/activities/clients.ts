import type { Pool } from 'pg';
import { type Config, plexHosts } from '../config';
import {
  createHomeUserClient,
  createPlexClient,
  HomeUserError,
  type PlexClient,
  type PlexClientOptions,
  pmsTlsAgent,
} from '../providers/plex';
import { createTraktClient, type TraktClient } from '../providers/trakt';
import { pgGuidMemo } from '../store/guid-memo';
import { createSecretBox } from '../store/secret-box';
import { pgTraktTokenStore } from '../store/trakt-tokens';
import { inTraktWriteTurn } from '../store/trakt-write-turns';

export interface Clients {
  /** The pair's Plex account: the token's holder, or the Plex Home member `plex.home_user`. */
  plex(): Promise<PlexClient>;
  /** The PMS as the server token sees it (every user's sessions): what live scrobbling reads. */
  plexServer(): PlexClient;
  trakt(): TraktClient;
}

/** A setting is missing or names something that does not exist; `key` is the config key to fix. */
export class NotConfiguredError extends Error {
  constructor(
    readonly key: string,
    problem?: string,
  ) {
    super(problem ? `${key}: ${problem}` : `${key} is not configured`);
    this.name = 'NotConfiguredError';
  }
}

/** The Plex client caches library lookups; a fresh one now and then keeps them from going stale between runs. */
const plexClientLifetimeMs = 10 * 60_000;

/**
 * Provider clients built from the config on first use, so a worker without Trakt still runs Plex-only work.
 * One Trakt client per process: it paces writes to Trakt's 1 POST/s.
 */
export function createClients(config: Config, db: Pool, now: () => number = Date.now): Clients {
  let trakt: TraktClient | undefined;
  const pmsDispatcher = pmsTlsAgent(config.plex.allow_self_signed_tls);
  const plexOptions = (accountToken: string, pmsToken: string | undefined): PlexClientOptions => ({
    ...plexHosts(config),
    pmsToken,
    pmsDispatcher,
    accountToken,
    historyWorkers: config.plex.history_workers,
    ratingWorkers: config.plex.rating_workers,
    watchlistWriteDelayMs: config.plex.watchlist_write_delay_ms,
    watchlistQueryLimit: config.plex.watchlist_query_limit,
    fallbackGuid: config.plex.fallback_guid,
    memo: pgGuidMemo(db),
  });

  async function pairPlexClient(accountToken: string): Promise<PlexClient> {
    const home = config.plex.home_user;
    if (!home) return createPlexClient(plexOptions(accountToken, config.plex.pms_token));
    try {
      return await createHomeUserClient(plexOptions(accountToken, undefined), { user: home, pin: config.plex.home_user_pin });
    } catch (error) {
      if (!(error instanceof HomeUserError)) throw error;
      throw new NotConfiguredError(error.problem === 'not_found' ? 'plex.home_user' : 'plex.home_user_pin', error.message);
    }
  }

  const plex = renewing(() => pairPlexClient(config.plex.account_token!), now);
  const plexServer = renewing(() => {
    const token = (config.plex.pms_token ?? config.plex.account_token)!;
    return createPlexClient(plexOptions(token, token));
  }, now);

  return {
    plex() {
      if (!config.plex.account_token) return Promise.reject(new NotConfiguredError('plex.account_token'));
      return plex();
    },
    plexServer() {
      if (!config.plex.pms_url) throw new NotConfiguredError('plex.pms_url');
      if (!config.plex.pms_token && !config.plex.account_token) throw new NotConfiguredError('plex.pms_token');
      return plexServer();
    },
    trakt() {
      if (!config.trakt.client_id) throw new NotConfiguredError('trakt.client_id');
      trakt ??= createTraktClient({
        apiUrl: config.trakt.api_url,
        authUrl: config.trakt.auth_url,
        clientId: config.trakt.client_id,
        clientSecret: config.trakt.client_secret,
        account: config.trakt.account,
        tokens: pgTraktTokenStore(db, createSecretBox(config.secrets)),
        // Writes of one account take turns across every worker process (Trakt: 1 POST/s per user).
        writeTurn: (write, check) => inTraktWriteTurn(db, config.trakt.account, config.trakt.min_write_interval_ms, write, check),
      });
      return trakt;
    },
  };
}

/** `create()`'s value until it is older than a Plex client's lifetime; a rejected promise is made again at once. */
function renewing<T>(create: () => T, now: () => number): () => T {
  let held: { value: T; createdAt: number } | undefined;
  return () => {
    if (held && now() - held.createdAt < plexClientLifetimeMs) return held.value;
    const entry = { value: create(), createdAt: now() };
    held = entry;
    if (entry.value instanceof Promise) {
      entry.value.catch(() => {
        if (held === entry) held = undefined;
      });
    }
    return entry.value;
  };
}

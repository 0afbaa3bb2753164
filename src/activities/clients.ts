import type { Pool } from 'pg';
import type { Config } from '../config';
import { createPlexClient, type PlexClient } from '../providers/plex';
import { createTraktClient, type TraktClient } from '../providers/trakt';
import { pgGuidMemo } from '../store/guid-memo';
import { pgTraktTokenStore } from '../store/trakt-tokens';
import { inTraktWriteTurn } from '../store/trakt-write-turns';

export interface Clients {
  plex(): PlexClient;
  trakt(): TraktClient;
}

export class NotConfiguredError extends Error {
  constructor(readonly key: string) {
    super(`${key} is not configured`);
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
  let plex: { client: PlexClient; createdAt: number } | undefined;
  let trakt: TraktClient | undefined;
  return {
    plex() {
      if (!config.plex.account_token) throw new NotConfiguredError('plex.account_token');
      if (plex && now() - plex.createdAt < plexClientLifetimeMs) return plex.client;
      const client = createPlexClient({
        pmsUrl: config.plex.pms_url,
        pmsToken: config.plex.pms_token,
        accountToken: config.plex.account_token,
        plextvUrl: config.plex.plextv_url,
        discoverUrl: config.plex.discover_url,
        metadataUrl: config.plex.metadata_url,
        clientIdentifier: config.plex.client_identifier,
        historyWorkers: config.plex.history_workers,
        ratingWorkers: config.plex.rating_workers,
        watchlistWriteDelayMs: config.plex.watchlist_write_delay_ms,
        watchlistQueryLimit: config.plex.watchlist_query_limit,
        fallbackGuid: config.plex.fallback_guid,
        memo: pgGuidMemo(db),
      });
      plex = { client, createdAt: now() };
      return client;
    },
    trakt() {
      if (!config.trakt.client_id) throw new NotConfiguredError('trakt.client_id');
      trakt ??= createTraktClient({
        apiUrl: config.trakt.api_url,
        authUrl: config.trakt.auth_url,
        clientId: config.trakt.client_id,
        clientSecret: config.trakt.client_secret,
        account: config.trakt.account,
        tokens: pgTraktTokenStore(db),
        // Writes of one account take turns across every worker process (Trakt: 1 POST/s per user).
        writeTurn: (write) => inTraktWriteTurn(db, config.trakt.account, config.trakt.min_write_interval_ms, write),
      });
      return trakt;
    },
  };
}

/**
 * The Plex provider's one entry point: `createPlexClient(options)` wires the transport, the four hosts
 * and the per-client caches (shows read once, the library index built once for writes) and exposes
 * each feature. A client is cheap; activities create one per run so caches never outlive a sync.
 * No retries here: errors carry status, endpoint and Retry-After for Temporal's retry policies.
 */

import type { PlexContext } from './context';
import { createGuidFallback } from './fallback-guid';
import type { Skipped } from './filters';
import { checkHealth, type PlexHealth } from './health';
import { dedupeAndSort, type HistoryIndex, type HistoryIndexOptions, historyRowPlays } from './history';
import { createHydrator } from './hydrate';
import { listHomeUsers, type PlexIdentity, readIdentity, readServerAccessToken, readServerId, switchHomeUser } from './identity';
import { buildLibraryIndex } from './library-index';
import { markedWatchedPlays } from './marked-watched';
import { memoryGuidMemo } from './memo';
import type { PlexClientOptions, ResolvedOptions } from './options';
import { createPacer } from './pacer';
import { createPmsItemCache } from './pms-items';
import { type PlexRating, type RatingsIndexOptions, ratingsIndex } from './ratings';
import type { PlexTvHomeUser } from './schemas';
import { type SectionFile, type SectionFilesOptions, sectionFiles } from './section-files';
import { type PlexItemMetadata, type PlexSession, readItemMetadata, readSessions } from './sessions';
import { createTransport } from './transport';
import { type PlexWatchlistEntry, watchlistIndex } from './watchlist';
import { createWriter, type PlexWriter } from './writes';

export interface PlexClient extends PlexWriter {
  identity(): Promise<PlexIdentity>;
  homeUsers(): Promise<PlexTvHomeUser[]>;
  /** A token for Home user `uuid` (PIN for protected users); create a client with it to act as that user. */
  switchHomeUser(uuid: string, pin?: string): Promise<string>;
  historyIndex(options?: HistoryIndexOptions): Promise<HistoryIndex>;
  ratingsIndex(options?: RatingsIndexOptions): Promise<{ ratings: PlexRating[]; skipped: Skipped[]; complete: true }>;
  watchlistIndex(): Promise<{ entries: PlexWatchlistEntry[]; complete: true }>;
  metadata(ratingKey: string): Promise<PlexItemMetadata | undefined>;
  sessions(): Promise<PlexSession[]>;
  health(): Promise<PlexHealth>;
  /** The PMS's machineIdentifier (what webhooks call Server.uuid and the scrobbler records plays under). */
  serverId(): Promise<string>;
  /** The files of movie sections (chosen by id, or by their agent). */
  sectionFiles(options: SectionFilesOptions): Promise<SectionFile[]>;
  /** The PMS token plex.tv gives this account for the configured server (undefined when not shared with it). */
  serverAccessToken(): Promise<string | undefined>;
}

const defaults = {
  historyWorkers: 12,
  ratingWorkers: 8,
  watchlistWriteDelayMs: 500,
  watchlistQueryLimit: 10,
  fallbackGuid: false,
} as const;

function resolveOptions(options: PlexClientOptions): ResolvedOptions {
  return {
    ...defaults,
    ...options,
    historyWorkers: clampWorkers(options.historyWorkers ?? defaults.historyWorkers),
    ratingWorkers: clampWorkers(options.ratingWorkers ?? defaults.ratingWorkers),
    memo: options.memo ?? memoryGuidMemo(),
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    now: options.now ?? Date.now,
  };
}

/** The config allows 1–64; a caller outside that range gets the nearest bound rather than no limit. */
function clampWorkers(workers: number): number {
  return Math.min(64, Math.max(1, Math.floor(workers)));
}

export function createPlexClient(options: PlexClientOptions): PlexClient {
  const resolved = resolveOptions(options);
  const account = (baseUrl: string) => ({ baseUrl, token: resolved.accountToken });
  const ctx: PlexContext = {
    transport: createTransport({
      clientIdentifier: resolved.clientIdentifier,
      dispatcher: resolved.dispatcher,
      timeoutMs: resolved.timeoutMs,
    }),
    pms: resolved.pmsUrl
      ? { baseUrl: resolved.pmsUrl, token: resolved.pmsToken ?? resolved.accountToken, dispatcher: resolved.pmsDispatcher }
      : undefined,
    plextv: account(resolved.plextvUrl),
    discover: account(resolved.discoverUrl),
    metadata: account(resolved.metadataUrl),
    options: resolved,
  };
  const pmsItems = createPmsItemCache(ctx);
  const fallback = resolved.fallbackGuid ? createGuidFallback(ctx, resolved.memo, pmsItems) : undefined;
  const hydrator = createHydrator(pmsItems, fallback);
  const writer = createWriter(ctx, {
    libraryIndex: kept(() => buildLibraryIndex(ctx)),
    pacer: createPacer(resolved.watchlistWriteDelayMs, resolved.sleep, resolved.now),
  });

  return {
    ...writer,
    // A token's account does not change: every feature's index asks, one read answers.
    identity: kept(() => readIdentity(ctx)),
    homeUsers: () => listHomeUsers(ctx),
    switchHomeUser: (uuid, pin) => switchHomeUser(ctx, uuid, pin),
    async historyIndex(historyOptions = {}) {
      const fromHistory = await historyRowPlays(ctx, { hydrator, fallback }, historyOptions);
      const marked = historyOptions.includeMarkedWatched
        ? await markedWatchedPlays(ctx, hydrator, historyOptions, fromHistory.plays)
        : { plays: [], skipped: [] };
      return {
        plays: dedupeAndSort([...fromHistory.plays, ...marked.plays]),
        skipped: [...fromHistory.skipped, ...marked.skipped],
        complete: true,
      };
    },
    async ratingsIndex(ratingOptions = {}) {
      return { ...(await ratingsIndex(ctx, hydrator, ratingOptions)), complete: true };
    },
    async watchlistIndex() {
      return { entries: await watchlistIndex(ctx), complete: true };
    },
    metadata: (ratingKey) => readItemMetadata(pmsItems, hydrator, ratingKey),
    sessions: () => readSessions(ctx),
    health: () => checkHealth(ctx),
    serverId: () => readServerId(ctx),
    sectionFiles: (filesOptions) => sectionFiles(ctx, filesOptions),
    serverAccessToken: () => readServerAccessToken(ctx),
  };
}

/** `make()` once, its promise kept for the client's life; a failure is not kept, so the next call tries again. */
function kept<T>(make: () => Promise<T>): () => Promise<T> {
  let held: Promise<T> | undefined;
  return () => {
    if (!held) {
      const made = make();
      held = made;
      made.catch(() => {
        if (held === made) held = undefined;
      });
    }
    return held;
  };
}

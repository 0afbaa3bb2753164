/**
 * Writes to Plex, one item per call (DESIGN.md §4: Plex is written one item at a time, paced).
 *
 * - Watched state: PMS's `/:/scrobble` and `/:/unscrobble`. PMS cannot record a play at a past time:
 *   the play lands at "now" whatever `watched_at` the source had, so the result carries the time it
 *   was written for the caller to record in its baseline.
 * - Ratings: `/:/rate`, 1–10 as is (PMS's 0–10 scale, two per star), -1 to clear.
 * - Watchlist: Discover's `/actions/addToWatchlist|removeFromWatchlist?ratingKey=<24 hex>`, the title
 *   found by external id (`/library/metadata/matches?guid=`), else through the PMS library item's
 *   plex:// guid; calls paced by `watchlistWriteDelayMs`.
 * Outcomes the caller should not retry are results (`not_found`, `invalid`); anything else throws
 * (HttpError with status and Retry-After, NetworkError) for the activity's retry policy.
 */
import type { IsoUtc, MinimalItem } from '../../domain/items';
import { sameItem } from '../../domain/match';
import { HttpError } from '../http';
import { type PlexContext, pmsHost } from './context';
import { catalogItem, catalogMatches } from './discover';
import type { LibraryIndex } from './library-index';
import { hasExternalIdentity, strongIdsOnly, toMinimalItem } from './normalize';
import type { Pacer } from './pacer';

export type WriteResult =
  | { status: 'written'; ratingKey: string /** When Plex recorded it (a scrobble's play time). */; at: IsoUtc }
  | { status: 'not_found'; reason: string }
  | { status: 'invalid'; reason: string };

/** A domain item, or a PMS item already known by its ratingKey. */
export type WriteTarget = MinimalItem | { ratingKey: string };

export interface WriteDeps {
  libraryIndex: () => Promise<LibraryIndex>;
  pacer: Pacer;
}

const libraryIdentifier = 'com.plexapp.plugins.library';
const scrobbleActions = { watched: '/:/scrobble', unwatched: '/:/unscrobble' } as const;

type Resolved = { ratingKey: string } | Exclude<WriteResult, { status: 'written' }>;

export function createWriter(ctx: PlexContext, deps: WriteDeps) {
  const nowIso = (): IsoUtc => new Date(ctx.options.now()).toISOString();

  async function libraryKey(target: WriteTarget): Promise<Resolved> {
    if ('ratingKey' in target) return { ratingKey: target.ratingKey };
    if (!hasExternalIdentity(target) && !target.ids.plex) return { status: 'invalid', reason: 'item has no external ids' };
    const index = await deps.libraryIndex();
    const entry = index.find(target)[0] ?? (target.ids.plex ? index.byPlexId(target.ids.plex) : undefined);
    return entry ? { ratingKey: entry.ratingKey } : { status: 'not_found', reason: 'not in the Plex library' };
  }

  async function pmsAction(path: string, ratingKey: string, extra: Record<string, number> = {}): Promise<WriteResult> {
    try {
      await ctx.transport.send(pmsHost(ctx), { path, query: { key: ratingKey, identifier: libraryIdentifier, ...extra } });
      return { status: 'written', ratingKey, at: nowIso() };
    } catch (error) {
      return answerOf(error, 'the Plex Media Server');
    }
  }

  async function setWatched(target: WriteTarget, state: keyof typeof scrobbleActions): Promise<WriteResult> {
    const resolved = await libraryKey(target);
    return 'ratingKey' in resolved ? pmsAction(scrobbleActions[state], resolved.ratingKey) : resolved;
  }

  /** Discover's ratingKey of a movie or show, by id only. */
  async function catalogKey(item: MinimalItem): Promise<Resolved> {
    if (item.type !== 'movie' && item.type !== 'show') return { status: 'invalid', reason: `a ${item.type} cannot be watchlisted in Plex` };
    if (item.ids.plex) return { ratingKey: item.ids.plex };
    if (!hasExternalIdentity(item)) return { status: 'invalid', reason: 'item has no external ids' };
    let looked = 0;
    for (const [kind, id] of Object.entries(strongIdsOnly(item.ids))) {
      if (kind === 'trakt') continue;
      for (const match of await catalogMatches(ctx, `${kind}://${id}`, item.type)) {
        if (looked++ >= ctx.options.watchlistQueryLimit) break;
        const described = match.Guid ? match : await catalogItem(ctx, match.ratingKey);
        const candidate = described && toMinimalItem(described);
        if (candidate && sameItem(candidate, item)) return { ratingKey: match.ratingKey };
      }
    }
    // PMS fallback: the library's copy of the title names its plex:// id.
    if (ctx.pms) {
      const entry = (await deps.libraryIndex()).find(item)[0];
      if (entry?.item.ids.plex) return { ratingKey: entry.item.ids.plex };
    }
    return { status: 'not_found', reason: 'Plex Discover does not know the title' };
  }

  async function watchlistAction(item: MinimalItem, path: string): Promise<WriteResult> {
    const resolved = await catalogKey(item);
    if (!('ratingKey' in resolved)) return resolved;
    await deps.pacer.turn();
    try {
      await ctx.transport.send(ctx.discover, { method: 'PUT', path, query: { ratingKey: resolved.ratingKey } });
      return { status: 'written', ratingKey: resolved.ratingKey, at: nowIso() };
    } catch (error) {
      return answerOf(error, 'Plex Discover');
    }
  }

  return {
    markWatched: (target: WriteTarget) => setWatched(target, 'watched'),
    markUnwatched: (target: WriteTarget) => setWatched(target, 'unwatched'),
    /** `rating` 1–10, or null to clear. */
    async rate(target: WriteTarget, rating: number | null): Promise<WriteResult> {
      if (rating !== null && !(Number.isInteger(rating) && rating >= 1 && rating <= 10))
        return { status: 'invalid', reason: `rating ${rating} is not 1–10` };
      const resolved = await libraryKey(target);
      return 'ratingKey' in resolved ? pmsAction('/:/rate', resolved.ratingKey, { rating: rating ?? -1 }) : resolved;
    },
    addToWatchlist: (item: MinimalItem) => watchlistAction(item, '/actions/addToWatchlist'),
    removeFromWatchlist: (item: MinimalItem) => watchlistAction(item, '/actions/removeFromWatchlist'),
  };
}

export type PlexWriter = ReturnType<typeof createWriter>;

/** 404 and 400 are final answers about the item; everything else is for the retry policy. */
function answerOf(error: unknown, service: string): WriteResult {
  if (error instanceof HttpError && error.status === 404) return { status: 'not_found', reason: `${service} does not know the item` };
  if (error instanceof HttpError && error.status === 400)
    return { status: 'invalid', reason: `${service} refused the request: ${error.body.slice(0, 100)}` };
  throw error;
}

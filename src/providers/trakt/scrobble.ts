import { z } from 'zod';
import type { ExternalIds, IsoUtc, MinimalItem } from '../../domain/items';
import { validate } from '../http';
import { TraktInvalidRequestError } from './errors';
import { isoFromTrakt } from './normalize';
import { traktScrobbleConflictSchema, traktScrobbleResponseSchema } from './schemas';
import type { TraktTransport } from './transport';

export type ScrobbleVerb = 'start' | 'pause' | 'stop';

/**
 * What Trakt did: `scrobble` (a stop at ≥ 80 %, `id` = the new history id), `pause` (a pause, or a stop
 * below 80 %), `start`; or a 409 conflict: the title was scrobbled moments ago, which counts as done.
 */
export type ScrobbleOutcome =
  | { action: 'start' | 'pause' | 'scrobble'; id?: number; progress: number }
  | { conflict: { watchedAt: IsoUtc; expiresAt: IsoUtc } };

/** Show ids in the order Trakt resolves a scrobbled episode most reliably; only the first present is sent. */
const showIdPreference = ['tmdb', 'tvdb', 'imdb', 'trakt'] as const;
/** Ids Trakt accepts per type (trakt/trakt-api idsRequestSchema). */
const movieIdKinds = ['trakt', 'slug', 'imdb', 'tmdb'] as const;
const episodeIdKinds = ['trakt', 'tvdb'] as const;

function idsOf(ids: ExternalIds | undefined, kinds: readonly (keyof ExternalIds)[]): Record<string, string | number> | undefined {
  const entries = kinds.flatMap((kind) => (ids?.[kind] === undefined ? [] : [[kind, ids[kind]] as const]));
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

function preferredShowId(ids: ExternalIds | undefined): Record<string, string | number> | undefined {
  const kind = showIdPreference.find((k) => ids?.[k] !== undefined);
  return kind === undefined ? undefined : idsOf(ids, [kind]);
}

/** The media part of a scrobble body: movies by ids else title + year; episodes by show + numbers else their own ids. */
export function scrobbleMedia(item: MinimalItem): Record<string, unknown> {
  if (item.type === 'movie') {
    const ids = idsOf(item.ids, movieIdKinds);
    if (ids) return { movie: { ids } };
    if (item.title !== undefined && item.year !== undefined) return { movie: { title: item.title, year: item.year } };
  }
  if (item.type === 'episode') {
    const show = preferredShowId(item.show_ids);
    if (show && item.season !== undefined && item.episode !== undefined) {
      return { show: { ids: show }, episode: { season: item.season, number: item.episode } };
    }
    const ids = idsOf(item.ids, episodeIdKinds);
    if (ids) return { episode: { ids } };
  }
  throw new TraktInvalidRequestError(`cannot scrobble this ${item.type}: no ids Trakt can match`);
}

export async function scrobble(
  transport: TraktTransport,
  verb: ScrobbleVerb,
  item: MinimalItem,
  progress: number,
): Promise<ScrobbleOutcome> {
  if (!Number.isFinite(progress) || progress < 0 || progress > 100) {
    throw new TraktInvalidRequestError(`scrobble progress ${progress} is not a percentage from 0 to 100`);
  }
  const path = `/scrobble/${verb}`;
  const response = await transport.call({ method: 'POST', path, json: { ...scrobbleMedia(item), progress }, accept: [409] }, z.unknown());
  if (response.status === 409) {
    const conflict = validate(path, traktScrobbleConflictSchema, response.data);
    return { conflict: { watchedAt: isoFromTrakt(conflict.watched_at, path), expiresAt: isoFromTrakt(conflict.expires_at, path) } };
  }
  const answer = validate(path, traktScrobbleResponseSchema, response.data);
  // Trakt answers id 0 when no playback or history row was made (start).
  return { action: answer.action, progress: answer.progress, ...(answer.id > 0 ? { id: answer.id } : {}) };
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CatalogMovie, CatalogShow } from '../catalog';
import type { Play } from './history-store';
import { iso, notModified, params, query, sendError, userOf } from './http';
import { renderTitle } from './media';
import type { TraktUser } from './state';

interface Tally {
  plays: number;
  /** Epoch ms of the newest play. */
  last: number;
}

function count<T extends Tally>(entry: T, play: Play): T {
  entry.plays++;
  entry.last = Math.max(entry.last, play.watchedAt);
  return entry;
}

/**
 * `last_updated_at` is when Trakt last changed the item's watched data; the simulator keeps no write time per
 * play, so it answers the newest `watched_at` (equal for every client that adds plays in time order).
 */
function times(entry: Tally) {
  return { last_watched_at: iso(entry.last), last_updated_at: iso(entry.last) };
}

/** Watched movies, most recently watched first (history is newest first; a Map keeps first-seen order). */
function watchedMovies(user: TraktUser): Record<string, unknown>[] {
  const movies = new Map<number, Tally & { movie: CatalogMovie }>();
  for (const play of user.history.list()) {
    if (play.ref.type !== 'movie') continue;
    const { movie } = play.ref;
    const entry = movies.get(movie.ids.trakt) ?? { plays: 0, last: play.watchedAt, movie };
    movies.set(movie.ids.trakt, count(entry, play));
  }
  return [...movies.values()].map((entry) => ({ plays: entry.plays, ...times(entry), movie: renderTitle(entry.movie) }));
}

interface ShowTally extends Tally {
  show: CatalogShow;
  /** Trakt season number → Trakt episode number → tally. */
  seasons: Map<number, Map<number, Tally>>;
}

/**
 * Watched shows, most recently watched first, with per-episode plays in Trakt's numbering (`seasons` left out
 * with `extended=noseasons`). `aired_episodes` counts every catalog episode: the simulator has no air dates.
 */
function watchedShows(user: TraktUser, withSeasons: boolean): Record<string, unknown>[] {
  const shows = new Map<number, ShowTally>();
  for (const play of user.history.list()) {
    if (play.ref.type !== 'episode') continue;
    const { show, episode } = play.ref;
    const entry = shows.get(show.ids.trakt) ?? { plays: 0, last: play.watchedAt, show, seasons: new Map() };
    shows.set(show.ids.trakt, count(entry, play));
    const season = entry.seasons.get(episode.traktSeason) ?? new Map<number, Tally>();
    entry.seasons.set(episode.traktSeason, season);
    season.set(episode.traktNumber, count(season.get(episode.traktNumber) ?? { plays: 0, last: play.watchedAt }, play));
  }
  return [...shows.values()].map((entry) => ({
    plays: entry.plays,
    ...times(entry),
    // Trakt sets reset_at when the user starts a re-watch; the simulator has no re-watches.
    reset_at: null,
    show: { ...renderTitle(entry.show), aired_episodes: entry.show.seasons.reduce((n, s) => n + s.episodes.length, 0) },
    ...(withSeasons
      ? {
          seasons: [...entry.seasons.entries()]
            .sort(([a], [b]) => a - b)
            .map(([number, episodes]) => ({
              number,
              episodes: [...episodes.entries()]
                .sort(([a], [b]) => a - b)
                .map(([n, e]) => ({ number: n, plays: e.plays, last_watched_at: iso(e.last) })),
            })),
        }
      : {}),
  }));
}

/**
 * What /sync/watched/{type} and /users/{id}/watched/{type} answer: every watched movie or show, not paginated.
 * `extended` values other than `noseasons` (`full`, and `progress`, which PlexTraktSync sends but Trakt does not
 * document) are answered with the default shape: whether Trakt adds anything for `progress` is unknown.
 */
export function sendWatched(req: FastifyRequest, reply: FastifyReply, user: TraktUser, type: string | undefined) {
  if (type !== 'movies' && type !== 'shows') return sendError(reply, 404, 'not_found', `Unknown watched type ${type}.`);
  if (notModified(req, reply, user, user.history.version)) return;
  if (type === 'movies') return reply.send(watchedMovies(user));
  const extended = (query(req).extended ?? '').split(',');
  return reply.send(watchedShows(user, !extended.includes('noseasons')));
}

/** GET /sync/watched/{movies|shows} for the OAuth user. */
export function registerSyncWatched(scope: FastifyInstance): void {
  scope.get('/sync/watched/:type', async (req, reply) => sendWatched(req, reply, userOf(req), params(req).type));
}

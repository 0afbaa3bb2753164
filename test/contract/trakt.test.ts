import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  traktDeviceCodeSchema,
  traktHistoryItemSchema,
  traktLastActivitiesSchema,
  traktPlaybackItemSchema,
  traktRateLimitHeaderSchema,
  traktRatingItemSchema,
  traktScrobbleConflictSchema,
  traktScrobbleResponseSchema,
  traktSearchResponseSchema,
  traktSyncAddResponseSchema,
  traktSyncRemoveResponseSchema,
  traktTokenSchema,
  traktWatchlistItemLegacySchema,
  traktWatchlistItemSchema,
} from '../../src/providers/trakt/schemas';
import { generateCatalog } from '../../src/sim/catalog';
import { type RunningTraktSim, type SimResponse, startTraktSim } from '../../src/sim/trakt/harness';
import { fixturesDir } from '../support/fixtures';

const fixtureDir = join(fixturesDir, 'trakt');
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(fixtureDir, name), 'utf8'));

/** Every JSON response fixture and the schema watchsync parses it with. */
const responseSchemas: Record<string, z.ZodType> = {
  'oauth_device_code.response.json': traktDeviceCodeSchema,
  'oauth_device_token.response.json': traktTokenSchema,
  'scrobble_pause_movie.response.json': traktScrobbleResponseSchema,
  'scrobble_start_episode.response.json': traktScrobbleResponseSchema,
  'scrobble_start_movie.response.json': traktScrobbleResponseSchema,
  'scrobble_stop_409_conflict.json': traktScrobbleConflictSchema,
  'scrobble_stop_below80.response.json': traktScrobbleResponseSchema,
  'scrobble_stop_episode.response.json': traktScrobbleResponseSchema,
  'scrobble_stop_movie.response.json': traktScrobbleResponseSchema,
  'search_imdb_id_lookup.json': traktSearchResponseSchema,
  'search_tvdb_show_lookup.json': traktSearchResponseSchema,
  'sync_history_episodes.json': z.array(traktHistoryItemSchema),
  'sync_history_post.response.json': traktSyncAddResponseSchema,
  'sync_history_remove.response.json': traktSyncRemoveResponseSchema,
  'sync_last_activities.json': traktLastActivitiesSchema,
  'sync_playback_movies.json': z.array(traktPlaybackItemSchema),
  'sync_ratings_episodes.json': z.array(traktRatingItemSchema),
  'sync_ratings_movies.json': z.array(traktRatingItemSchema),
  'sync_ratings_post.response.json': traktSyncAddResponseSchema,
  'sync_watchlist_episodes.json': z.array(traktWatchlistItemSchema),
  'sync_watchlist_movies_legacy_format.json': z.array(traktWatchlistItemLegacySchema),
  'sync_watchlist_post.response.json': traktSyncAddResponseSchema,
  'sync_watchlist_remove.response.json': traktSyncRemoveResponseSchema,
};

/** Request bodies the simulator must accept as Trakt does (route to send each to). */
const requestRoutes: Record<string, string> = {
  'oauth_device_code.request.json': '/oauth/device/code',
  'oauth_device_token.request.json': '/oauth/device/token',
  'scrobble_pause_movie.request.json': '/scrobble/pause',
  'scrobble_start_episode.request.json': '/scrobble/start',
  'scrobble_start_movie.request.json': '/scrobble/start',
  'scrobble_start_show_episode.request.json': '/scrobble/start',
  'scrobble_stop_below80.request.json': '/scrobble/stop',
  'scrobble_stop_episode.request.json': '/scrobble/stop',
  'sync_history_post.request.json': '/sync/history',
  'sync_ratings_post.request.json': '/sync/ratings',
};

/** Not a payload: a constructed description of a 429, checked separately. */
const constructed = 'rate_limit_429.constructed.json';

/**
 * Structural differences between a simulator answer and a fixture: the same key set at every level and
 * the same JSON type for every value. `null` on either side matches anything (Trakt's ids are nullable).
 * `tvrage` ids appear in old doc samples only; Trakt no longer sends them. Array rows are compared with the
 * fixture row of the same `type` when rows are typed, else with the first fixture row.
 */
function shapeDiff(actual: unknown, expected: unknown, path = '$'): string[] {
  if (actual === null || expected === null) return [];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array`];
    const typed = (row: unknown) => (typeof row === 'object' && row !== null ? (row as { type?: unknown }).type : undefined);
    return actual.flatMap((row, i) => {
      const peer = expected.find((e) => typed(e) !== undefined && typed(e) === typed(row)) ?? expected[0];
      return peer === undefined ? [] : shapeDiff(row, peer, `${path}[${i}]`);
    });
  }
  if (typeof expected === 'object' && expected !== undefined) {
    if (typeof actual !== 'object' || actual === undefined || Array.isArray(actual)) return [`${path}: expected an object`];
    const keys = (o: object) =>
      Object.keys(o)
        .filter((k) => k !== 'tvrage')
        .sort();
    const [a, e] = [keys(actual), keys(expected)];
    if (a.join() !== e.join()) return [`${path}: keys ${a.join(',')} ≠ fixture ${e.join(',')}`];
    return e.flatMap((k) => shapeDiff((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], `${path}.${k}`));
  }
  return typeof actual === typeof expected ? [] : [`${path}: ${typeof actual} ≠ fixture ${typeof expected}`];
}

describe('trakt fixtures parse with the provider schemas', () => {
  it('covers every fixture file', () => {
    const covered = new Set([...Object.keys(responseSchemas), ...Object.keys(requestRoutes), constructed]);
    const jsonFiles = readdirSync(fixtureDir).filter((f) => f.endsWith('.json'));
    expect(jsonFiles.filter((f) => !covered.has(f))).toEqual([]);
  });

  it.each(Object.entries(responseSchemas))('%s', (file, schema) => {
    const parsed = schema.safeParse(fixture(file));
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  it('the documented and observed X-Ratelimit values parse', () => {
    const sample = z
      .object({ headers: z.object({ 'X-Ratelimit': z.string() }), observed_x_ratelimit_values: z.array(z.unknown()) })
      .parse(fixture(constructed));
    traktRateLimitHeaderSchema.parse(JSON.parse(sample.headers['X-Ratelimit']));
    for (const value of sample.observed_x_ratelimit_values) traktRateLimitHeaderSchema.parse(value);
  });
});

describe('the Trakt simulator answers like the fixtures', () => {
  const catalog = generateCatalog({ movies: 30, shows: 5, episodes: 40 }, 2);
  const movies = catalog.movies.filter((m) => m.traktKnown);
  const show = catalog.shows.find((s) => s.traktKnown)!;
  const episodes = show.seasons[0]!.episodes;
  const [m0, m1, m2] = movies;
  const [e0, e1] = episodes;
  // The fixtures' own client credentials, so their request bodies authenticate.
  const client = z.object({ client_id: z.string(), client_secret: z.string() }).parse(fixture('oauth_device_token.request.json'));
  const now = Date.parse('2026-03-01T12:00:00.000Z');
  let trakt: RunningTraktSim;
  let token: string;
  const answers = new Map<string, SimResponse>();

  const post = (path: string, body: unknown) => trakt.call('POST', path, { token, body });
  const get = (path: string) => trakt.call('GET', path, { token });
  const movieIds = (m: typeof m0) => ({ ids: { trakt: m!.ids.trakt } });
  const episodeIds = (e: typeof e0) => ({ ids: { trakt: e!.ids.trakt } });

  beforeAll(async () => {
    trakt = await startTraktSim({
      catalog,
      clock: () => now,
      enforceRateLimits: false,
      clientId: client.client_id,
      clientSecret: client.client_secret,
    });
    token = trakt.sim.control.createUser({ username: 'alice' }).tokens.access_token;
    const unknownMovie = { ids: { imdb: 'tt0000111' } };

    const code = traktDeviceCodeSchema.parse(
      (await trakt.call('POST', '/oauth/device/code', { body: { client_id: client.client_id } })).body,
    );
    answers.set(
      'oauth_device_code.response.json',
      await trakt.call('POST', '/oauth/device/code', { body: { client_id: client.client_id } }),
    );
    trakt.sim.control.approveDevice(code.user_code, 'bob');
    answers.set(
      'oauth_device_token.response.json',
      await trakt.call('POST', '/oauth/device/token', { body: { ...client, code: code.device_code } }),
    );

    answers.set('scrobble_start_movie.response.json', await post('/scrobble/start', { movie: movieIds(m0), progress: 1.25 }));
    answers.set('scrobble_pause_movie.response.json', await post('/scrobble/pause', { movie: movieIds(m0), progress: 75 }));
    answers.set('scrobble_stop_below80.response.json', await post('/scrobble/stop', { movie: movieIds(m0), progress: 75 }));
    answers.set('scrobble_start_episode.response.json', await post('/scrobble/start', { episode: episodeIds(e0), progress: 10 }));
    answers.set('scrobble_stop_episode.response.json', await post('/scrobble/stop', { episode: episodeIds(e0), progress: 85 }));
    answers.set('scrobble_stop_movie.response.json', await post('/scrobble/stop', { movie: movieIds(m1), progress: 99.9 }));
    answers.set('scrobble_stop_409_conflict.json', await post('/scrobble/stop', { movie: movieIds(m1), progress: 99.9 }));
    await post('/scrobble/pause', { episode: episodeIds(e1), progress: 65.5 });
    answers.set('sync_playback_movies.json', await get('/sync/playback'));

    answers.set('search_imdb_id_lookup.json', await trakt.call('GET', `/search/imdb/${m0!.ids.imdb}`));
    answers.set('search_tvdb_show_lookup.json', await trakt.call('GET', `/search/tvdb/${show.ids.tvdb}?type=show`));

    answers.set(
      'sync_history_post.response.json',
      await post('/sync/history', { movies: [movieIds(m2), unknownMovie], episodes: [episodeIds(e1)] }),
    );
    answers.set('sync_history_episodes.json', await get('/sync/history/episodes?page=1&limit=10'));
    const historyIds = trakt.sim.control
      .truth('alice')
      .history.filter((h) => h.key === m2!.key)
      .map((h) => h.id);
    answers.set(
      'sync_history_remove.response.json',
      await post('/sync/history/remove', { ids: [...historyIds, 23, 42], movies: [unknownMovie], episodes: [episodeIds(e1)] }),
    );
    answers.set('sync_last_activities.json', await get('/sync/last_activities'));

    answers.set(
      'sync_ratings_post.response.json',
      await post('/sync/ratings', {
        movies: [
          { ...movieIds(m0), rating: 10 },
          { ...unknownMovie, rating: 10 },
        ],
        episodes: [{ ...episodeIds(e0), rating: 10 }],
      }),
    );
    answers.set('sync_ratings_movies.json', await get('/sync/ratings/movies'));
    answers.set('sync_ratings_episodes.json', await get('/sync/ratings/episodes'));

    answers.set(
      'sync_watchlist_post.response.json',
      await post('/sync/watchlist', { movies: [movieIds(m2), unknownMovie], episodes: [episodeIds(e1)] }),
    );
    answers.set('sync_watchlist_episodes.json', await get('/sync/watchlist/episodes'));
    answers.set('sync_watchlist_remove.response.json', await post('/sync/watchlist/remove', { movies: [movieIds(m2), unknownMovie] }));
  });
  afterAll(() => trakt.close());

  /** Fact 9 of the fixture manifest: adds and scrobbles 201, removes 200, a duplicate scrobble 409. */
  const expectedStatus = (file: string) => {
    if (file === 'scrobble_stop_409_conflict.json') return 409;
    if (file.endsWith('remove.response.json')) return 200;
    if (file.startsWith('scrobble_') || file.endsWith('post.response.json')) return 201;
    return 200;
  };
  const simulated = Object.keys(responseSchemas).filter((f) => f !== 'sync_watchlist_movies_legacy_format.json');

  it.each(simulated)('%s: same status, schema and shape', (file) => {
    const answer = answers.get(file);
    expect(answer, `no simulator answer recorded for ${file}`).toBeDefined();
    expect(answer?.status).toBe(expectedStatus(file));
    const parsed = responseSchemas[file]!.safeParse(answer?.body);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    if (Array.isArray(answer?.body)) expect(answer.body.length).toBeGreaterThan(0);
    expect(shapeDiff(answer?.body, fixture(file))).toEqual([]);
  });

  it('current watchlist rows also parse with the legacy schema', () => {
    const rows = answers.get('sync_watchlist_episodes.json')?.body as unknown[];
    for (const row of rows) traktWatchlistItemLegacySchema.parse(row);
  });

  it('pages history with the X-Pagination headers', () => {
    expect(answers.get('sync_history_episodes.json')?.headers).toMatchObject({
      'x-pagination-page': '1',
      'x-pagination-limit': '10',
      'x-pagination-page-count': '1',
      'x-pagination-item-count': '2',
    });
  });

  it.each(Object.entries(requestRoutes))('accepts the documented request %s', async (file, route) => {
    const res = await trakt.call('POST', route, { token, body: fixture(file) });
    // Fixture ids are not in the simulated catalog: adds echo them as not_found, scrobbles and device
    // polls answer 404 — never a 400/422 for the request's shape.
    expect([200, 201, 404]).toContain(res.status);
    if (route.startsWith('/sync/')) expect(traktSyncAddResponseSchema.parse(res.body).not_found.movies.length).toBeGreaterThan(0);
  });
});

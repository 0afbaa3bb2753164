import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  traktHistoryItemSchema,
  traktLastActivitiesSchema,
  traktRatingItemSchema,
  traktSyncAddResponseSchema,
  traktSyncRemoveResponseSchema,
  traktWatchlistItemSchema,
} from '../../src/providers/trakt/schemas';
import { type Catalog, generateCatalog } from '../../src/sim/catalog';
import { type RunningTraktSim, startTraktSim } from '../../src/sim/trakt/harness';

const catalog: Catalog = generateCatalog({ movies: 300, shows: 120, episodes: 1200 }, 7);
const known = catalog.movies.filter((m) => m.traktKnown);
const unknownMovie = catalog.movies.find((m) => !m.traktKnown);
const reordered = catalog.shows.find((s) => s.orderDiffers && s.traktKnown);
const movieAt = (i: number) => {
  const movie = known[i];
  if (!movie) throw new Error(`catalog has fewer than ${i + 1} known movies`);
  return movie;
};

let now = Date.parse('2026-03-01T12:00:00.000Z');
let trakt: RunningTraktSim;
let token: string;

beforeEach(async () => {
  now = Date.parse('2026-03-01T12:00:00.000Z');
  trakt = await startTraktSim({ catalog, clock: () => now, enforceRateLimits: false });
  token = trakt.sim.control.createUser({ username: 'alice' }).tokens.access_token;
});
afterEach(() => trakt.close());

const post = (path: string, body: unknown) => trakt.call('POST', path, { token, body });
const get = (path: string, headers?: Record<string, string>) => trakt.call('GET', path, { token, headers });

describe('trakt sim: history', () => {
  it('stores a play sent twice twice (no de-duplication)', async () => {
    const play = { movies: [{ ids: { imdb: movieAt(0).ids.imdb }, watched_at: '2026-01-01T20:00:00.000Z' }] };
    for (let i = 0; i < 2; i++) {
      const res = await post('/sync/history', play);
      expect(res.status).toBe(201);
      expect(traktSyncAddResponseSchema.parse(res.body).added).toEqual({ movies: 1, episodes: 0 });
    }
    const truth = trakt.sim.control.truth('alice').history;
    expect(truth.map((h) => [h.key, h.watched_at])).toEqual([
      [movieAt(0).key, '2026-01-01T20:00:00.000Z'],
      [movieAt(0).key, '2026-01-01T20:00:00.000Z'],
    ]);
    expect(new Set(truth.map((h) => h.id)).size).toBe(2);
    expect(truth[0]?.id).toBeGreaterThan(2 ** 32);
  });

  it('answers not_found for titles Trakt does not know, echoing the input, until the admin API learns them', async () => {
    expect(unknownMovie).toBeDefined();
    const item = { ids: { tmdb: unknownMovie?.ids.tmdb }, watched_at: '2026-01-01T20:00:00.000Z' };
    const before = traktSyncAddResponseSchema.parse((await post('/sync/history', { movies: [item] })).body);
    expect(before.added.movies).toBe(0);
    expect(before.not_found.movies).toEqual([item]);
    expect((await get(`/search/tmdb/${unknownMovie?.ids.tmdb}?type=movie`)).body).toEqual([]);

    expect((await trakt.call('POST', `/__admin/learn/${unknownMovie?.key}`)).status).toBe(200);
    const after = traktSyncAddResponseSchema.parse((await post('/sync/history', { movies: [item] })).body);
    expect(after.added.movies).toBe(1);
    expect(after.not_found.movies).toEqual([]);
  });

  it("addresses episodes by show + season + number in Trakt's numbering, not Plex's", async () => {
    expect(reordered).toBeDefined();
    const show = reordered!;
    const first = show.seasons[0]!.episodes[0]!;
    // Trakt numbers this show's episodes one higher than Plex: Trakt 1x1 does not exist.
    const body = (number: number) => ({ shows: [{ ids: { tvdb: show.ids.tvdb }, seasons: [{ number: 1, episodes: [{ number }] }] }] });
    const miss = traktSyncAddResponseSchema.parse((await post('/sync/history', body(first.number))).body);
    expect(miss.added.episodes).toBe(0);
    expect(miss.not_found.shows).toHaveLength(1);
    const hit = traktSyncAddResponseSchema.parse((await post('/sync/history', body(first.traktNumber))).body);
    expect(hit.added.episodes).toBe(1);
    expect(trakt.sim.control.truth('alice').history[0]?.key).toBe(first.key);
  });

  it('expands a show without seasons to all its episodes', async () => {
    const show = catalog.shows.find((s) => s.traktKnown)!;
    const episodes = show.seasons.flatMap((s) => s.episodes).length;
    const res = traktSyncAddResponseSchema.parse((await post('/sync/history', { shows: [{ ids: { trakt: show.ids.trakt } }] })).body);
    expect(res.added.episodes).toBe(episodes);
  });

  it('pages newest first with pagination headers, clamps limit to 250 and filters by time', async () => {
    trakt.sim.control.seedHistory(
      'alice',
      Array.from({ length: 300 }, (_, i) => ({ key: movieAt(i % 50).key, watchedAt: Date.parse('2025-01-01T00:00:00.000Z') + i * 60_000 })),
    );
    const page = await get('/sync/history/movies?page=2&limit=1000');
    expect(page.status).toBe(200);
    expect(page.headers).toMatchObject({
      'x-pagination-page': '2',
      'x-pagination-limit': '250',
      'x-pagination-page-count': '2',
      'x-pagination-item-count': '300',
    });
    const rows = (page.body as unknown[]).map((r) => traktHistoryItemSchema.parse(r));
    expect(rows).toHaveLength(50);
    expect(rows[0]!.watched_at > rows[1]!.watched_at).toBe(true);

    const byDefault = await get('/sync/history');
    expect(byDefault.headers['x-pagination-limit']).toBe('100');

    const windowed = await get('/sync/history/movies?start_at=2025-01-01T00:10:00.000Z&end_at=2025-01-01T00:19:00.000Z&limit=100');
    expect(windowed.headers['x-pagination-item-count']).toBe('10');
  });

  it('removes plays by history id and by item, reporting unknown ids', async () => {
    trakt.sim.control.seedHistory('alice', [{ key: movieAt(0).key }, { key: movieAt(0).key }, { key: movieAt(1).key }]);
    const [one] = trakt.sim.control.truth('alice').history.filter((h) => h.key === movieAt(1).key);
    const res = await post('/sync/history/remove', { ids: [one!.id, 42], movies: [{ ids: { trakt: movieAt(0).ids.trakt } }] });
    expect(res.status).toBe(200);
    const body = traktSyncRemoveResponseSchema.parse(res.body);
    expect(body.deleted).toEqual({ movies: 3, episodes: 0 });
    expect(body.not_found.ids).toEqual([42]);
    expect(trakt.sim.control.truth('alice').history).toEqual([]);
  });

  it('moves last_activities only for the data that changed', async () => {
    const before = traktLastActivitiesSchema.parse((await get('/sync/last_activities')).body);
    now += 60_000;
    await post('/sync/history', { movies: [{ ids: { trakt: movieAt(0).ids.trakt } }] });
    const after = traktLastActivitiesSchema.parse((await get('/sync/last_activities')).body);
    expect(after.movies.watched_at).toBe(new Date(now).toISOString());
    expect(after.episodes.watched_at).toBe(before.episodes.watched_at);
    expect(after.movies.rated_at).toBe(before.movies.rated_at);
    expect(after.all).toBe(new Date(now).toISOString());
  });
});

describe('trakt sim: ratings', () => {
  it('adds ratings of every type, lists and filters them, refuses ratings outside 1–10 with 422', async () => {
    const show = catalog.shows.find((s) => s.traktKnown && s.seasons.length > 0)!;
    const res = await post('/sync/ratings', {
      movies: [
        { ids: { trakt: movieAt(0).ids.trakt }, rating: 8 },
        { ids: { imdb: 'tt0000111' }, rating: 10 },
      ],
      shows: [{ ids: { trakt: show.ids.trakt }, rating: 9, seasons: [{ number: 1, rating: 7 }] }],
    });
    expect(res.status).toBe(201);
    const body = traktSyncAddResponseSchema.parse(res.body);
    expect(body.added).toEqual({ movies: 1, shows: 0, seasons: 1, episodes: 0 });
    expect(body.not_found.movies).toEqual([{ ids: { imdb: 'tt0000111' }, rating: 10 }]);

    const rows = ((await get('/sync/ratings/movies/8,9')).body as unknown[]).map((r) => traktRatingItemSchema.parse(r));
    expect(rows.map((r) => r.movie?.ids.trakt)).toEqual([movieAt(0).ids.trakt]);
    expect(((await get('/sync/ratings/seasons')).body as unknown[]).length).toBe(1);

    for (const rating of [0, 11, 7.5]) {
      expect((await post('/sync/ratings', { movies: [{ ids: { trakt: movieAt(1).ids.trakt }, rating }] })).status).toBe(422);
    }

    const removed = traktSyncRemoveResponseSchema.parse(
      (await post('/sync/ratings/remove', { movies: [{ ids: { trakt: movieAt(0).ids.trakt } }] })).body,
    );
    expect(removed.deleted.movies).toBe(1);
  });
});

describe('trakt sim: watchlist', () => {
  it('adds with added/existing/not_found/list, lists the current shape with ETag and 304', async () => {
    const add = await post('/sync/watchlist', {
      movies: [{ ids: { trakt: movieAt(0).ids.trakt } }, { ids: { trakt: movieAt(1).ids.trakt } }],
    });
    expect(add.status).toBe(201);
    const first = await get('/sync/watchlist/movies');
    const rows = (first.body as unknown[]).map((r) => traktWatchlistItemSchema.parse(r));
    expect(rows.map((r) => r.rank)).toEqual([1, 2]);
    expect(first.headers['x-sort-by']).toBe('rank');
    const etag = String(first.headers.etag);

    const unchanged = await get('/sync/watchlist/movies', { 'if-none-match': etag });
    expect(unchanged.status).toBe(304);
    expect(unchanged.body).toBeUndefined();

    const again = traktSyncAddResponseSchema.parse(
      (await post('/sync/watchlist', { movies: [{ ids: { trakt: movieAt(0).ids.trakt } }] })).body,
    );
    expect(again.added.movies).toBe(0);
    expect(again.existing?.movies).toBe(1);
    expect(again.list?.item_count).toBe(2);

    await post('/sync/watchlist/remove', { movies: [{ ids: { trakt: movieAt(1).ids.trakt } }] });
    const changed = await get('/sync/watchlist/movies', { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.body).toHaveLength(1);
  });

  it('answers 420 with upgrade headers beyond the account cap and adds nothing', async () => {
    const limited = trakt.sim.control.createUser({ username: 'free', watchlistLimit: 2 }).tokens.access_token;
    const add = (from: number, n: number) =>
      trakt.call('POST', '/sync/watchlist', {
        token: limited,
        body: { movies: Array.from({ length: n }, (_, i) => ({ ids: { trakt: movieAt(from + i).ids.trakt } })) },
      });
    expect((await add(0, 2)).status).toBe(201);
    const over = await add(2, 1);
    expect(over.status).toBe(420);
    expect(over.headers).toMatchObject({ 'x-upgrade-url': 'https://trakt.tv/vip', 'x-vip-user': 'false', 'x-account-limit': '2' });
    expect(trakt.sim.control.truth('free').watchlist).toHaveLength(2);
    const settings = await trakt.call('GET', '/users/settings', { token: limited });
    expect(settings.body).toMatchObject({ limits: { watchlist: { item_count: 2 } } });
  });

  it('drops a title from the watchlist once it is watched', async () => {
    const show = catalog.shows.find((s) => s.traktKnown)!;
    const episode = show.seasons[0]!.episodes[0]!;
    await post('/sync/watchlist', { movies: [{ ids: { trakt: movieAt(0).ids.trakt } }], shows: [{ ids: { trakt: show.ids.trakt } }] });
    await post('/sync/history', { movies: [{ ids: { trakt: movieAt(0).ids.trakt } }], episodes: [{ ids: { trakt: episode.ids.trakt } }] });
    expect(trakt.sim.control.truth('alice').watchlist).toEqual([]);
  });
});

describe('trakt sim: collection', () => {
  it('collects movies and episodes, reports existing, groups shows by season', async () => {
    const show = catalog.shows.find((s) => s.traktKnown)!;
    const body = {
      movies: [{ ids: { trakt: movieAt(0).ids.trakt } }],
      shows: [{ ids: { trakt: show.ids.trakt }, seasons: [{ number: 1 }] }],
    };
    const first = traktSyncAddResponseSchema.parse((await post('/sync/collection', body)).body);
    expect(first.added.movies).toBe(1);
    expect(first.added.episodes).toBe(show.seasons[0]!.episodes.length);
    const second = traktSyncAddResponseSchema.parse((await post('/sync/collection', body)).body);
    expect(second.existing?.movies).toBe(1);
    const shows = (await get('/sync/collection/shows')).body as { seasons: { number: number; episodes: unknown[] }[] }[];
    expect(shows[0]?.seasons[0]?.episodes).toHaveLength(show.seasons[0]!.episodes.length);
  });
});

describe('trakt sim: search', () => {
  it('looks titles up by trakt, imdb, tmdb and tvdb ids', async () => {
    const show = catalog.shows.find((s) => s.traktKnown)!;
    expect((await get(`/search/imdb/${movieAt(0).ids.imdb}`)).body).toMatchObject([
      { type: 'movie', score: null, movie: { ids: { trakt: movieAt(0).ids.trakt } } },
    ]);
    expect((await get(`/search/tvdb/${show.ids.tvdb}?type=show`)).body).toMatchObject([
      { type: 'show', show: { ids: { trakt: show.ids.trakt } } },
    ]);
    expect((await get(`/search/tmdb/${movieAt(0).ids.tmdb}?type=show`)).body).toEqual([]);
    expect((await get('/search/trakt/999999999')).body).toEqual([]);
  });
});

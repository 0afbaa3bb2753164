import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { traktRatingItemSchema, traktWatchlistItemSchema } from '../../src/providers/trakt/schemas';
import { type Catalog, generateCatalog } from '../../src/sim/catalog';
import { type RunningTraktSim, startTraktSim } from '../../src/sim/trakt/harness';
import type { TraktSimOptions } from '../../src/sim/trakt/index';

const catalog: Catalog = generateCatalog({ movies: 300, shows: 120, episodes: 1200 }, 7);
const [movieA, movieB, movieC] = catalog.movies.filter((m) => m.traktKnown);
const reordered = catalog.shows.find((s) => s.orderDiffers && s.traktKnown)!;
const unknownShow = catalog.shows.find((s) => !s.traktKnown)!;

let trakt: RunningTraktSim;
let alice: string;
let bob: string;

async function start(options: Partial<TraktSimOptions> = {}) {
  trakt = await startTraktSim({ catalog, clock: () => Date.parse('2026-03-01T12:00:00.000Z'), enforceRateLimits: false, ...options });
  alice = trakt.sim.control.createUser({ username: 'alice', vip: true }).tokens.access_token;
  bob = trakt.sim.control.createUser({ username: 'Bob Private', private: true }).tokens.access_token;
}
afterEach(() => trakt.close());

const get = (path: string, token?: string) => trakt.call('GET', path, { token });

describe('trakt sim: /users/{id} profiles', () => {
  beforeEach(() => start());

  it('answers /users/me for the OAuth user, and 401 without OAuth', async () => {
    const me = await get('/users/me', alice);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: 'alice', private: false, vip: true, ids: { slug: 'alice', trakt: 1 } });
    expect(me.body).not.toHaveProperty('joined_at');
    expect((await get('/users/me')).status).toBe(401);
  });

  it('adds joined_at and the other full fields with extended=full', async () => {
    const full = await get('/users/alice?extended=full', alice);
    expect(full.body).toMatchObject({ username: 'alice', joined_at: '2026-03-01T12:00:00.000Z', location: null, age: null });
  });

  it('shows a public user to anyone, a private one only to itself, and 404 for nobody', async () => {
    expect((await get('/users/alice')).status).toBe(200);
    expect((await get('/users/bob-private', alice)).status).toBe(401);
    expect((await get('/users/bob-private/watched/movies', alice)).status).toBe(401);
    const self = await get('/users/bob-private', bob);
    expect(self.status).toBe(200);
    expect(self.body).toMatchObject({ username: 'Bob Private', private: true, ids: { slug: 'bob-private' } });
    expect((await get('/users/nobody', alice)).status).toBe(404);
  });
});

describe('trakt sim: watched', () => {
  beforeEach(() => start());

  it('lists watched movies newest first with their play counts', async () => {
    trakt.sim.control.seedHistory('alice', [
      { key: movieA!.key, watchedAt: '2026-01-01T20:00:00.000Z' },
      { key: movieA!.key, watchedAt: '2026-01-03T20:00:00.000Z' },
      { key: movieB!.key, watchedAt: '2026-01-02T20:00:00.000Z' },
    ]);
    const res = await get('/users/me/watched/movies', alice);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      {
        plays: 2,
        last_watched_at: '2026-01-03T20:00:00.000Z',
        last_updated_at: '2026-01-03T20:00:00.000Z',
        movie: { title: movieA!.title, year: movieA!.year, ids: expect.objectContaining({ trakt: movieA!.ids.trakt }) },
      },
      expect.objectContaining({ plays: 1, movie: expect.objectContaining({ title: movieB!.title }) }),
    ]);
    expect((await get('/users/alice/watched/movies')).body).toEqual(res.body);
  });

  it("lists watched shows with per-episode plays in Trakt's numbering, seasons left out with noseasons", async () => {
    const [first, second] = reordered.seasons[0]!.episodes;
    trakt.sim.control.seedHistory('alice', [
      { key: first!.key, watchedAt: '2026-01-01T20:00:00.000Z' },
      { key: first!.key, watchedAt: '2026-01-05T20:00:00.000Z' },
      { key: second!.key, watchedAt: '2026-01-02T20:00:00.000Z' },
    ]);
    const res = await get('/sync/watched/shows?extended=progress', alice);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      {
        plays: 3,
        last_watched_at: '2026-01-05T20:00:00.000Z',
        last_updated_at: '2026-01-05T20:00:00.000Z',
        reset_at: null,
        show: expect.objectContaining({ title: reordered.title, ids: expect.objectContaining({ trakt: reordered.ids.trakt }) }),
        seasons: [
          {
            number: 1,
            episodes: [
              { number: first!.traktNumber, plays: 2, last_watched_at: '2026-01-05T20:00:00.000Z' },
              { number: second!.traktNumber, plays: 1, last_watched_at: '2026-01-02T20:00:00.000Z' },
            ],
          },
        ],
      },
    ]);
    expect(first!.traktNumber).not.toBe(first!.number);
    const bare = (await get('/users/me/watched/shows?extended=noseasons', alice)).body as Record<string, unknown>[];
    expect(bare[0]).not.toHaveProperty('seasons');
    expect((await get('/sync/watched/shows')).status).toBe(401);
    expect((await get('/sync/watched/lists', alice)).status).toBe(404);
  });
});

describe('trakt sim: /users/{id} ratings and watchlist', () => {
  beforeEach(() => start());

  it('lists ratings of a type, filtered by rating value', async () => {
    trakt.sim.control.seedRatings('alice', [
      { key: movieA!.key, rating: 8, ratedAt: '2026-01-01T00:00:00.000Z' },
      { key: movieB!.key, rating: 3, ratedAt: '2026-01-02T00:00:00.000Z' },
      { key: reordered.key, rating: 9, ratedAt: '2026-01-03T00:00:00.000Z' },
    ]);
    const movies = (await get('/users/me/ratings/movies', alice)).body as unknown[];
    expect(movies.map((r) => traktRatingItemSchema.parse(r).rating)).toEqual([3, 8]);
    const high = (await get('/users/alice/ratings/movies/8,9,10')).body as unknown[];
    expect(high.map((r) => traktRatingItemSchema.parse(r).movie?.title)).toEqual([movieA!.title]);
    expect(((await get('/users/alice/ratings/shows', alice)).body as unknown[]).length).toBe(1);
    expect((await get('/users/alice/ratings/lists', alice)).status).toBe(404);
  });

  it('pages the watchlist (100 a page unless asked) in the current shape', async () => {
    trakt.sim.control.seedWatchlist('alice', [{ key: movieA!.key }, { key: movieB!.key }, { key: movieC!.key }, { key: reordered.key }]);
    const res = await get('/users/me/watchlist/movies?limit=2', alice);
    expect(res.headers['x-pagination-item-count']).toBe('3');
    expect(res.headers['x-pagination-page-count']).toBe('2');
    const rows = (res.body as unknown[]).map((r) => traktWatchlistItemSchema.parse(r));
    expect(rows.map((r) => [r.rank, r.movie?.title])).toEqual([
      [1, movieA!.title],
      [2, movieB!.title],
    ]);
    const shows = await get('/users/alice/watchlist/shows');
    expect(shows.headers['x-pagination-limit']).toBe('100');
    expect((shows.body as { show: { title: string } }[]).map((r) => r.show.title)).toEqual([reordered.title]);
  });

  it('lists the collection as /sync/collection does, movies and shows', async () => {
    const [episode] = reordered.seasons[0]!.episodes;
    const added = await trakt.call('POST', '/sync/collection', {
      token: alice,
      body: {
        movies: [{ ids: { trakt: movieA!.ids.trakt }, collected_at: '2026-01-01T00:00:00.000Z' }],
        episodes: [{ ids: { trakt: episode!.ids.trakt } }],
      },
    });
    expect(added.status).toBe(201);
    const movies = await get('/users/me/collection/movies?extended=metadata', alice);
    expect(movies.body).toEqual([
      expect.objectContaining({ collected_at: '2026-01-01T00:00:00.000Z', movie: expect.objectContaining({ title: movieA!.title }) }),
    ]);
    expect(movies.body).toEqual((await get('/sync/collection/movies', alice)).body);
    const shows = (await get('/users/alice/collection/shows')).body as {
      show: { title: string };
      seasons: { number: number; episodes: { number: number }[] }[];
    }[];
    expect(shows.map((s) => [s.show.title, s.seasons[0]?.episodes[0]?.number])).toEqual([[reordered.title, episode!.traktNumber]]);
  });

  it('has no liked lists, answered as an empty page, and needs OAuth for them', async () => {
    const liked = await get('/users/likes/lists?limit=100', alice);
    expect(liked.status).toBe(200);
    expect(liked.body).toEqual([]);
    expect(liked.headers['x-pagination-item-count']).toBe('0');
    expect((await get('/users/likes/lists')).status).toBe(401);
  });
});

describe('trakt sim: /shows/{id}/seasons', () => {
  beforeEach(() => start());

  it("lists seasons with episodes in Trakt's numbering, by Trakt id, slug or IMDB id", async () => {
    const res = await get(`/shows/${reordered.ids.trakt}/seasons?extended=episodes`);
    expect(res.status).toBe(200);
    const seasons = res.body as { number: number; ids: { trakt: number }; episodes: { season: number; number: number }[] }[];
    expect(seasons.map((s) => s.number)).toEqual(reordered.seasons.map((s) => s.number));
    expect(seasons[0]!.ids.trakt).toBe(reordered.seasons[0]!.ids.trakt);
    expect(seasons[0]!.episodes.map((e) => e.number)).toEqual(reordered.seasons[0]!.episodes.map((e) => e.traktNumber));
    expect((await get(`/shows/${reordered.ids.slug}/seasons?extended=episodes`, alice)).body).toEqual(res.body);
    expect((await get(`/shows/${reordered.ids.imdb}/seasons?extended=episodes`)).body).toEqual(res.body);
    const bare = (await get(`/shows/${reordered.ids.trakt}/seasons`)).body as Record<string, unknown>[];
    expect(bare[0]).not.toHaveProperty('episodes');
  });

  it('answers 404 for a show Trakt does not know', async () => {
    expect((await get(`/shows/${unknownShow.ids.trakt}/seasons?extended=episodes`)).status).toBe(404);
  });
});

describe('trakt sim: new routes are counted, faulted and rate-limited like the others', () => {
  it('counts requests per route and answers injected faults', async () => {
    await start();
    trakt.sim.control.setFault('GET /users/:id/watched/:type', { failNext: 1, status: 503 });
    expect((await get('/users/me/watched/movies', alice)).status).toBe(503);
    expect((await get('/users/me/watched/movies', alice)).status).toBe(200);
    expect(trakt.sim.faults.count('GET /users/:id/watched/:type')).toBe(2);
  });

  it("charges /users/me and /shows reads to the user's GET limit", async () => {
    await start({ enforceRateLimits: true, limits: { getPer5Min: 2 } });
    expect((await get('/users/me', alice)).status).toBe(200);
    expect((await get(`/shows/${reordered.ids.trakt}/seasons`, alice)).status).toBe(200);
    const limited = await get('/users/me/watchlist/movies', alice);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect(trakt.sim.rateLimiter.rejections.map((r) => r.name)).toEqual(['AUTHED_API_GET_LIMIT']);
  });
});

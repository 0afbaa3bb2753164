import { afterEach, describe, expect, it } from 'vitest';
import type { MinimalItem, Play, Rating } from '../../src/domain/items';
import { classifyTraktError, TraktAccountLimitError, TraktInvalidRequestError, TraktRateLimitError } from '../../src/providers/trakt';
import { traktWriteIntervalMs } from '../../src/providers/trakt/pacer';
import {
  episodeItem,
  knownMovies,
  knownShows,
  movieItem,
  showItem,
  startTraktTest,
  type TraktTest,
  t0,
  unknownMovie,
} from './trakt-harness';

let t: TraktTest;
afterEach(() => t.close());

const iso = (ms: number) => new Date(ms).toISOString();
const show = knownShows[0]!;
const episodes = show.seasons.flatMap((s) => s.episodes);
const play = (item: MinimalItem, ms: number): Play => ({ item, watched_at: iso(ms) });
const historyPosts = () => t.count('POST /sync/history');

describe('trakt provider: history writes', () => {
  it('adds several plays of one title (one entry per watched_at) and maps not_found back to the plays sent', async () => {
    t = await startTraktTest();
    const heat = movieItem(knownMovies[0]!);
    const missing = play(movieItem(unknownMovie), t0 - 3000);
    const plays = [play(heat, t0 - 1000), play(heat, t0 - 2000), missing, play(episodeItem(show, episodes[0]!), t0)];
    const result = await t.client.addHistory(plays);
    expect(result).toMatchObject({ added: 3, existing: 0, deleted: 0 });
    expect(result.notFound).toEqual([missing]);
    expect(result.notFound[0]).toBe(missing);
    expect(historyPosts()).toBe(1);
    const truth = t.trakt.sim.control.truth('alice').history;
    expect(
      truth
        .filter((h) => h.key === knownMovies[0]!.key)
        .map((h) => h.watched_at)
        .sort(),
    ).toEqual([iso(t0 - 2000), iso(t0 - 1000)]);
  });

  it('addresses an episode without ids by show ids + season + number only with number fallback', async () => {
    t = await startTraktTest();
    const bare = play(episodeItem(show, episodes[1]!, false), t0);
    const without = await t.client.addHistory([bare]);
    expect(without).toMatchObject({ added: 0, notFound: [bare] });
    expect(historyPosts()).toBe(0);

    const twice = play(episodeItem(show, episodes[1]!, false), t0 - 1000);
    const noSuchEpisode = play({ ...episodeItem(show, episodes[1]!, false), episode: 99 }, t0);
    const result = await t.client.addHistory([bare, twice, noSuchEpisode], { numberFallback: true });
    expect(result.added).toBe(2);
    expect(result.notFound).toEqual([noSuchEpisode]);
    expect(t.trakt.sim.control.truth('alice').history.filter((h) => h.key === episodes[1]!.key)).toHaveLength(2);
  });

  it('optionally adds the played titles to the collection', async () => {
    t = await startTraktTest();
    await t.client.addHistory([play(movieItem(knownMovies[1]!), t0)], { addToCollection: true });
    expect(t.trakt.sim.control.truth('alice').collection).toEqual([{ key: knownMovies[1]!.key, type: 'movie', collected_at: iso(t0) }]);
  });

  it('removes exactly the plays read from Trakt (by history id); unknown ids come back as not found', async () => {
    t = await startTraktTest();
    const heat = movieItem(knownMovies[0]!);
    await t.client.addHistory([play(heat, t0 - 1000), play(heat, t0 - 2000)]);
    const [latest] = await t.client.history();
    const ghost = { ...latest!, historyId: 42 };
    const result = await t.client.removeHistory([latest!, ghost]);
    expect(result).toMatchObject({ deleted: 1, notFound: [ghost] });
    expect((await t.client.history()).map((p) => p.watched_at)).toEqual([iso(t0 - 2000)]);
  });

  it('verifies a retried chunk with historyFor instead of re-sending it', async () => {
    t = await startTraktTest();
    const plays = [play(movieItem(knownMovies[2]!), t0 - 5000), play(movieItem(knownMovies[3]!), t0 - 4000)];
    await t.client.addHistory(plays);
    const landed = await t.client.historyFor(
      plays.map((p) => p.item),
      iso(t0 - 60_000),
      iso(t0),
    );
    expect(landed.map((p) => p.watched_at).sort()).toEqual([iso(t0 - 5000), iso(t0 - 4000)]);
  });
});

describe('trakt provider: ratings and watchlist writes', () => {
  it('upserts ratings of every type and removes them', async () => {
    t = await startTraktTest();
    const season: MinimalItem = { type: 'season', ids: {}, show_ids: { tvdb: show.ids.tvdb }, season: 1 };
    const ratings: Rating[] = [
      { item: movieItem(knownMovies[0]!), rating: 8, rated_at: iso(t0 - 1000) },
      { item: showItem(show), rating: 9 },
      { item: season, rating: 7 },
      { item: episodeItem(show, episodes[0]!), rating: 10 },
    ];
    expect(await t.client.upsertRatings(ratings)).toMatchObject({ added: 4, notFound: [] });
    const truth = t.trakt.sim.control.truth('alice').ratings;
    expect(truth.map((r) => [r.type, r.rating]).sort()).toEqual([
      ['episode', 10],
      ['movie', 8],
      ['season', 7],
      ['show', 9],
    ]);
    expect(truth.find((r) => r.type === 'movie')?.rated_at).toBe(iso(t0 - 1000));

    const removed = await t.client.removeRatings([movieItem(knownMovies[0]!), season, movieItem(unknownMovie)]);
    expect(removed).toMatchObject({ deleted: 2, notFound: [movieItem(unknownMovie)] });
  });

  it('rejects ratings outside 1–10 or not integers without sending anything', async () => {
    t = await startTraktTest();
    for (const rating of [0, 11, 7.5]) {
      const error = await t.client.upsertRatings([{ item: movieItem(knownMovies[0]!), rating }]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TraktInvalidRequestError);
      expect(classifyTraktError(error)).toEqual({ kind: 'invalid', permanent: true });
    }
    expect(t.count('POST /sync/ratings')).toBe(0);
  });

  it('reports added and existing watchlist entries', async () => {
    t = await startTraktTest();
    const [a, b] = [movieItem(knownMovies[0]!), showItem(show)];
    await t.client.addWatchlist([{ item: a }]);
    const result = await t.client.addWatchlist([{ item: a }, { item: b }, { item: movieItem(unknownMovie) }]);
    expect(result).toMatchObject({ added: 1, existing: 1, notFound: [{ item: movieItem(unknownMovie) }] });
    expect(await t.client.removeWatchlist([a, b])).toMatchObject({ deleted: 2, notFound: [] });
  });

  it('refuses more than 100 items in one request', async () => {
    t = await startTraktTest();
    const items = knownMovies.slice(0, 101).map(movieItem);
    await expect(t.client.removeWatchlist(items)).rejects.toBeInstanceOf(TraktInvalidRequestError);
    await expect(t.client.addHistory(items.map((item) => play(item, t0)))).rejects.toBeInstanceOf(TraktInvalidRequestError);
    expect(t.count('POST /sync/watchlist/remove') + historyPosts()).toBe(0);
    expect((await t.client.removeWatchlist(items.slice(0, 100))).deleted).toBe(0);
  });
});

describe('trakt provider: limits', () => {
  it('turns 420 into a permanent TraktAccountLimitError with the upgrade headers', async () => {
    t = await startTraktTest({}, {}, { watchlistLimit: 2 });
    const error = await t.client.addWatchlist(knownMovies.slice(0, 3).map((m) => ({ item: movieItem(m) }))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TraktAccountLimitError);
    expect(error).toMatchObject({ accountLimit: 2, vip: false, upgradeUrl: 'https://trakt.tv/vip', permanent: true });
    expect(classifyTraktError(error)).toEqual({ kind: 'account_limit', permanent: true });
    expect(t.count('POST /sync/watchlist')).toBe(1);
  });

  it('turns 429 into TraktRateLimitError with retryAfterMs from Retry-After, else from X-Ratelimit until', async () => {
    t = await startTraktTest({ enforceRateLimits: true, clock: Date.now }, { clock: Date.now });
    const movie = movieItem(knownMovies[0]!);
    await t.client.addWatchlist([{ item: movie }]);
    const error = await t.client.removeWatchlist([movie]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TraktRateLimitError);
    expect(error).toMatchObject({ retryAfterMs: 1000, limitName: 'AUTHED_API_POST_LIMIT' });
    expect(classifyTraktError(error)).toEqual({ kind: 'rate_limit', retryAfterMs: 1000, permanent: false });

    const until = new Date(Date.now() + 30_000).toISOString();
    t.trakt.sim.control.setFault('GET /sync/last_activities', {
      status: 429,
      failNext: 1,
      headers: { 'X-Ratelimit': JSON.stringify({ name: 'AUTHED_API_GET_LIMIT', period: 300, limit: 1000, remaining: 0, until }) },
    });
    const fromUntil = (await t.client.lastActivities().catch((e: unknown) => e)) as TraktRateLimitError;
    expect(fromUntil).toBeInstanceOf(TraktRateLimitError);
    expect(fromUntil.retryAfterMs).toBeGreaterThan(28_000);
    expect(fromUntil.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it('paces its own writes to one a second (with a margin) so the POST limit is never hit', async () => {
    t = await startTraktTest({ enforceRateLimits: true, clock: Date.now }, { clock: Date.now });
    const client = t.makeClient({ minWriteIntervalMs: traktWriteIntervalMs });
    const movie = movieItem(knownMovies[0]!);
    const started = Date.now();
    await client.addWatchlist([{ item: movie }]);
    await client.removeWatchlist([movie]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(t.trakt.sim.rateLimiter.rejections).toEqual([]);
  });
});

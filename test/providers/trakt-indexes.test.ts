import { Agent, type Dispatcher } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { Rating } from '../../src/domain/items';
import { classifyTraktError, mergeRatings, TraktPagingError } from '../../src/providers/trakt';
import { episodeItem, knownMovies, knownShows, movieItem, startTraktTest, type TraktTest, t0 } from './trakt-harness';

let t: TraktTest;
afterEach(() => t.close());

const iso = (ms: number) => new Date(ms).toISOString();
const show = knownShows[0]!;
const episodes = show.seasons.flatMap((s) => s.episodes);

/** 120 plays: 100 movies (one played twice) and 20 episodes, a minute apart. */
function seedPlays(): void {
  const movies = knownMovies.slice(0, 99).map((m, i) => ({ key: m.key, watchedAt: t0 - (i + 1) * 60_000 }));
  const replay = { key: knownMovies[0]!.key, watchedAt: t0 - 500 * 60_000 };
  const eps = episodes.slice(0, 20).map((e, i) => ({ key: e.key, watchedAt: t0 - (1000 + i) * 60_000 }));
  t.trakt.sim.control.seedHistory('alice', [...movies, replay, ...eps]);
}

describe('trakt provider: history', () => {
  it('reads every page (page size clamped by the server) and normalises plays as events', async () => {
    t = await startTraktTest({ maxPageSize: 50 });
    seedPlays();
    const plays = await t.client.history();
    expect(plays).toHaveLength(120);
    expect(t.count('GET /sync/history')).toBe(3);
    expect(new Set(plays.map((p) => p.historyId)).size).toBe(120);

    const first = knownMovies[0]!;
    const ofFirst = plays.filter((p) => p.item.ids.imdb === first.ids.imdb);
    expect(ofFirst.map((p) => p.watched_at)).toEqual([iso(t0 - 60_000), iso(t0 - 500 * 60_000)]);
    expect(ofFirst[0]?.item).toEqual({
      type: 'movie',
      title: first.title,
      year: first.year,
      ids: { trakt: first.ids.trakt, slug: first.ids.slug, imdb: first.ids.imdb, tmdb: first.ids.tmdb },
    });
    const episode = episodes[0]!;
    expect(plays.find((p) => p.item.type === 'episode' && p.item.ids.tvdb === episode.ids.tvdb)?.item).toMatchObject({
      type: 'episode',
      ids: { trakt: episode.ids.trakt, tvdb: episode.ids.tvdb, tmdb: episode.ids.tmdb, imdb: episode.ids.imdb },
      show_ids: { trakt: show.ids.trakt, tvdb: show.ids.tvdb, imdb: show.ids.imdb, tmdb: show.ids.tmdb, slug: show.ids.slug },
      season: episode.traktSeason,
      episode: episode.traktNumber,
    });
  });

  it('filters by type and time window', async () => {
    t = await startTraktTest({ maxPageSize: 50 });
    seedPlays();
    const episodePlays = await t.client.history({ type: 'episodes' });
    expect(episodePlays).toHaveLength(20);
    expect(t.count('GET /sync/history/:type')).toBe(1);
    const recent = await t.client.history({ startAt: iso(t0 - 10 * 60_000), endAt: iso(t0) });
    expect(recent).toHaveLength(10);
  });

  it('historyFor reads only the plays of the given items in the window', async () => {
    t = await startTraktTest();
    seedPlays();
    const first = movieItem(knownMovies[0]!);
    const window = [iso(t0 - 600 * 60_000), iso(t0)] as const;
    const single = await t.client.historyFor([first], ...window);
    expect(single.map((p) => p.watched_at)).toEqual([iso(t0 - 60_000), iso(t0 - 500 * 60_000)]);
    expect(t.count('GET /sync/history/:type')).toBe(1);
    // With its Trakt id a title's own history is read.
    const byTraktId = await t.client.historyFor([{ ...first, ids: { trakt: knownMovies[0]!.ids.trakt } }], ...window);
    expect(byTraktId).toEqual(single);
    expect(t.count('GET /sync/history/:type/:id')).toBe(1);

    const mixed = await t.client.historyFor([first, episodeItem(show, episodes[0]!)], iso(t0 - 2000 * 60_000), iso(t0 - 2 * 60_000));
    expect(mixed.map((p) => p.item.type).sort()).toEqual(['episode', 'movie']);
    expect(t.count('GET /sync/history')).toBe(1);
  });

  it('throws a transient TraktPagingError when the list changes between pages', async () => {
    let seeded = false;
    const agent = new Agent().compose((dispatch: Dispatcher['dispatch']) => (opts, handler) => {
      if (!seeded && String(opts.path).includes('page=2')) {
        seeded = true;
        t.trakt.sim.control.seedHistory('alice', [{ key: knownMovies[200]!.key, watchedAt: t0 }]);
      }
      return dispatch(opts, handler);
    });
    t = await startTraktTest({ maxPageSize: 50 }, { dispatcher: agent });
    seedPlays();
    const error = await t.client.history().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TraktPagingError);
    expect(classifyTraktError(error)).toEqual({ kind: 'transient', permanent: false });
    await agent.close();
  });
});

describe('trakt provider: watchlist', () => {
  it('reads the whole list in one GET and reuses the shadow on 304', async () => {
    t = await startTraktTest({ maxPageSize: 50 });
    t.trakt.sim.control.seedWatchlist(
      'alice',
      knownMovies.slice(0, 120).map((m, i) => ({ key: m.key, listedAt: t0 - i * 1000 })),
    );
    t.trakt.sim.control.seedWatchlist('alice', [{ key: show.key, listedAt: t0 }]);
    const read = await t.client.watchlist();
    expect(read.notModified).toBe(false);
    expect(read.entries).toHaveLength(121);
    expect(read.entries[0]).toEqual({ item: movieItem0(), listed_at: iso(t0) });
    expect(read.entries.find((e) => e.item.type === 'show')?.item.ids.tvdb).toBe(show.ids.tvdb);
    expect(read.etag).toBeDefined();
    expect(t.count('GET /sync/watchlist')).toBe(1);

    const again = await t.client.watchlist({ etag: read.etag!, entries: read.entries });
    expect(again).toEqual({ entries: read.entries, etag: read.etag, notModified: true });
    expect(t.count('GET /sync/watchlist')).toBe(2);

    await t.client.removeWatchlist([movieItem(knownMovies[0]!)]);
    const changed = await t.client.watchlist({ etag: read.etag!, entries: read.entries });
    expect(changed.notModified).toBe(false);
    expect(changed.entries).toHaveLength(120);
    expect(changed.etag).not.toBe(read.etag);
  });
});

function movieItem0() {
  const m = knownMovies[0]!;
  return { type: 'movie', title: m.title, year: m.year, ids: { trakt: m.ids.trakt, slug: m.ids.slug, imdb: m.ids.imdb, tmdb: m.ids.tmdb } };
}

describe('trakt provider: ratings', () => {
  it('reads the four type lists (one GET each) and normalises every type', async () => {
    t = await startTraktTest({ maxPageSize: 50 });
    const season = show.seasons[0]!;
    t.trakt.sim.control.seedRatings('alice', [
      ...knownMovies.slice(0, 60).map((m) => ({ key: m.key, rating: 7, ratedAt: t0 })),
      { key: show.key, rating: 9, ratedAt: t0 },
      { key: `${show.key}#${season.number}`, rating: 8, ratedAt: t0 },
      { key: episodes[0]!.key, rating: 10, ratedAt: t0 },
    ]);
    const ratings = await t.client.ratings();
    expect(ratings).toHaveLength(63);
    expect(t.count('GET /sync/ratings/:type')).toBe(4);
    expect(ratings.find((r) => r.item.type === 'season')).toEqual({
      item: {
        type: 'season',
        title: show.title,
        year: show.year,
        ids: { trakt: season.ids.trakt, tvdb: season.ids.tvdb },
        show_ids: expect.any(Object),
        season: 1,
      },
      rating: 8,
      rated_at: iso(t0),
    });
    expect(ratings.find((r) => r.item.type === 'episode')).toMatchObject({ rating: 10, item: { season: 1, episode: 1 } });
  });

  describe('mergeRatings', () => {
    const base = { type: 'movie' as const, title: 'Heat', year: 1995 };
    it('keeps one rating per title: the newest rating, the item with the most ids (ids of both kept)', () => {
      const older: Rating = {
        item: { ...base, ids: { imdb: 'tt0113277', tmdb: 949, trakt: 1 } },
        rating: 6,
        rated_at: '2024-01-01T00:00:00.000Z',
      };
      const newer: Rating = { item: { ...base, ids: { tmdb: 949, slug: 'heat-1995' } }, rating: 9, rated_at: '2025-01-01T00:00:00.000Z' };
      expect(mergeRatings([older, newer])).toEqual([
        {
          item: { ...base, ids: { imdb: 'tt0113277', tmdb: 949, trakt: 1, slug: 'heat-1995' } },
          rating: 9,
          rated_at: '2025-01-01T00:00:00.000Z',
        },
      ]);
      expect(mergeRatings([newer, older])).toEqual(mergeRatings([older, newer]));
    });

    it('merges the same title from two type lists only when the types agree, and chains through merged ids', () => {
      const movie: Rating = { item: { ...base, ids: { tmdb: 949 } }, rating: 8, rated_at: '2024-01-01T00:00:00.000Z' };
      const showSameNumber: Rating = { item: { type: 'show', ids: { tmdb: 949 } }, rating: 5, rated_at: '2024-01-01T00:00:00.000Z' };
      const viaImdb: Rating = { item: { ...base, ids: { tmdb: 949, imdb: 'tt0113277' } }, rating: 8, rated_at: '2023-01-01T00:00:00.000Z' };
      const imdbOnly: Rating = { item: { ...base, ids: { imdb: 'tt0113277' } }, rating: 7, rated_at: '2022-01-01T00:00:00.000Z' };
      const merged = mergeRatings([movie, showSameNumber, viaImdb, imdbOnly]);
      expect(merged).toHaveLength(2);
      expect(merged[0]).toEqual({
        item: { ...base, ids: { tmdb: 949, imdb: 'tt0113277' } },
        rating: 8,
        rated_at: '2024-01-01T00:00:00.000Z',
      });
    });
  });
});

describe('trakt provider: activities, settings, search', () => {
  it('lastActivities gives per-feature stamps that move only when that feature changes', async () => {
    t = await startTraktTest();
    const before = await t.client.lastActivities();
    t.now.ms += 60_000;
    await t.client.upsertRatings([{ item: movieItem(knownMovies[0]!), rating: 8 }]);
    const after = await t.client.lastActivities();
    expect(after.features.ratings).toBe(iso(t.now.ms));
    expect(after.ratings.movies).toBe(iso(t.now.ms));
    expect(after.features.history).toBe(before.features.history);
    expect(after.features.watchlist).toBe(before.features.watchlist);
    expect(t.count('GET /sync/last_activities')).toBe(2);
  });

  it('settings carries the account limits', async () => {
    t = await startTraktTest({}, {}, { watchlistLimit: 3 });
    expect(await t.client.settings()).toEqual({
      username: 'alice',
      slug: 'alice',
      vip: false,
      limits: { watchlistItems: 3, lists: 5, listItems: 250 },
    });
  });

  it('search maps id lookups to domain items ([] when nothing matches)', async () => {
    t = await startTraktTest();
    const movie = knownMovies[3]!;
    expect(await t.client.search('imdb', movie.ids.imdb!)).toEqual([
      {
        type: 'movie',
        title: movie.title,
        year: movie.year,
        ids: { trakt: movie.ids.trakt, slug: movie.ids.slug, imdb: movie.ids.imdb, tmdb: movie.ids.tmdb },
      },
    ]);
    const shows = await t.client.search('tvdb', show.ids.tvdb!, 'show');
    expect(shows.map((s) => [s.type, s.ids.tvdb])).toEqual([['show', show.ids.tvdb]]);
    expect(await t.client.search('tmdb', 999_999_999, ['movie', 'show'])).toEqual([]);
  });
});

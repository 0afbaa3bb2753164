import { afterEach, describe, expect, it } from 'vitest';
import type { MinimalItem } from '../../src/domain/items';
import { classifyTraktError, TraktInvalidRequestError } from '../../src/providers/trakt';
import { scrobbleMedia } from '../../src/providers/trakt/scrobble';
import { episodeItem, knownMovies, knownShows, movieItem, startTraktTest, type TraktTest, t0 } from './trakt-harness';

let t: TraktTest;
afterEach(() => t.close());

const show = knownShows[0]!;
const episode = show.seasons[0]!.episodes[2]!;
const scrobbles = () => t.trakt.sim.control.truth('alice').scrobbles.map((s) => [s.endpoint, s.catalogKey, s.status, s.action]);

describe('trakt provider: scrobble', () => {
  it('start, pause and stop a movie; a stop at or above 80 % scrobbles, a second one within the window is a conflict', async () => {
    t = await startTraktTest();
    const movie = movieItem(knownMovies[0]!);
    expect(await t.client.scrobble('start', movie, 1.5)).toEqual({ action: 'start', progress: 1.5 });
    expect(await t.client.scrobble('pause', movie, 40)).toMatchObject({ action: 'pause', progress: 40, id: expect.any(Number) });
    // Below 80 % a stop is stored as a pause: not watched.
    expect(await t.client.scrobble('stop', movie, 79.9)).toMatchObject({ action: 'pause', progress: 79.9 });
    const scrobbled = await t.client.scrobble('stop', movie, 95);
    expect(scrobbled).toEqual({ action: 'scrobble', progress: 95, id: t.trakt.sim.control.truth('alice').history[0]?.id });

    t.now.ms += 60_000;
    expect(await t.client.scrobble('stop', movie, 99)).toEqual({
      conflict: { watchedAt: new Date(t0).toISOString(), expiresAt: new Date(t0 + 3600_000).toISOString() },
    });
    expect(scrobbles().map(([endpoint, , status, action]) => [endpoint, status, action])).toEqual([
      ['start', 201, 'start'],
      ['pause', 201, 'pause'],
      ['stop', 201, 'pause'],
      ['stop', 201, 'scrobble'],
      ['stop', 409, undefined],
    ]);
  });

  it('addresses an episode by show id + season + number, else by its own ids', async () => {
    t = await startTraktTest();
    expect(await t.client.scrobble('start', episodeItem(show, episode, false), 10)).toMatchObject({ action: 'start' });
    const idsOnly: MinimalItem = { type: 'episode', ids: { tvdb: episode.ids.tvdb } };
    expect(await t.client.scrobble('stop', idsOnly, 90)).toMatchObject({ action: 'scrobble' });
    expect(scrobbles().map(([, key]) => key)).toEqual([episode.key, episode.key]);
  });

  it('builds bodies: movies by ids else title + year; show ids by preference tmdb, tvdb, imdb', () => {
    const movie = knownMovies[1]!;
    expect(scrobbleMedia({ type: 'movie', title: movie.title, year: movie.year, ids: {} })).toEqual({
      movie: { title: movie.title, year: movie.year },
    });
    expect(scrobbleMedia({ type: 'movie', ids: { imdb: 'tt1', tvdb: 5, plex: 'x' } })).toEqual({ movie: { ids: { imdb: 'tt1' } } });
    const episodeOf = (show_ids: MinimalItem['ids']) =>
      scrobbleMedia({ type: 'episode', ids: { tvdb: 9 }, show_ids, season: 2, episode: 3 });
    expect(episodeOf({ imdb: 'tt2', tvdb: 7, tmdb: 8 })).toEqual({ show: { ids: { tmdb: 8 } }, episode: { season: 2, number: 3 } });
    expect(episodeOf({ imdb: 'tt2', tvdb: 7 })).toEqual({ show: { ids: { tvdb: 7 } }, episode: { season: 2, number: 3 } });
    expect(episodeOf({ imdb: 'tt2' })).toEqual({ show: { ids: { imdb: 'tt2' } }, episode: { season: 2, number: 3 } });
  });

  it('surfaces a stop below 1 % (422) as invalid and refuses bad progress or unaddressable items locally', async () => {
    t = await startTraktTest();
    const movie = movieItem(knownMovies[0]!);
    const error = await t.client.scrobble('stop', movie, 0.5).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 422 });
    expect(classifyTraktError(error)).toEqual({ kind: 'invalid', permanent: true });
    await expect(t.client.scrobble('start', movie, 120)).rejects.toBeInstanceOf(TraktInvalidRequestError);
    await expect(t.client.scrobble('start', { type: 'episode', ids: {} }, 10)).rejects.toBeInstanceOf(TraktInvalidRequestError);
    expect(t.count('POST /scrobble/start')).toBe(0);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { traktPlaybackItemSchema, traktScrobbleConflictSchema, traktScrobbleResponseSchema } from '../../src/providers/trakt/schemas';
import { generateCatalog } from '../../src/sim/catalog';
import { type RunningTraktSim, startTraktSim } from '../../src/sim/trakt/harness';

const catalog = generateCatalog({ movies: 40, shows: 10, episodes: 60 }, 3);
const movie = catalog.movies.find((m) => m.traktKnown)!;
const show = catalog.shows.find((s) => s.traktKnown)!;
const episode = show.seasons[0]!.episodes[0]!;

let now = Date.parse('2026-03-01T12:00:00.000Z');
let trakt: RunningTraktSim;
let token: string;

beforeEach(async () => {
  now = Date.parse('2026-03-01T12:00:00.000Z');
  trakt = await startTraktSim({ catalog, clock: () => now, enforceRateLimits: false });
  token = trakt.sim.control.createUser({ username: 'alice' }).tokens.access_token;
});
afterEach(() => trakt.close());

const scrobble = (action: 'start' | 'pause' | 'stop', body: Record<string, unknown>) =>
  trakt.call('POST', `/scrobble/${action}`, { token, body });
const movieBody = (progress: number) => ({ movie: { ids: { trakt: movie.ids.trakt } }, progress });

describe('trakt sim: scrobble', () => {
  it('start answers id 0, pause stores a playback, stop ≥ 80 % becomes a history play', async () => {
    const start = traktScrobbleResponseSchema.parse((await scrobble('start', movieBody(1.25))).body);
    expect(start).toMatchObject({ id: 0, action: 'start', progress: 1.25, movie: { ids: { trakt: movie.ids.trakt } } });

    const paused = await scrobble('pause', movieBody(40));
    expect(paused.status).toBe(201);
    const playback = ((await trakt.call('GET', '/sync/playback', { token })).body as unknown[]).map((p) =>
      traktPlaybackItemSchema.parse(p),
    );
    expect(playback).toMatchObject([{ progress: 40, type: 'movie' }]);

    const stop = await scrobble('stop', movieBody(85));
    expect(stop.status).toBe(201);
    const stopped = traktScrobbleResponseSchema.parse(stop.body);
    expect(stopped.action).toBe('scrobble');
    const history = trakt.sim.control.truth('alice').history;
    expect(history).toMatchObject([{ key: movie.key, action: 'scrobble', watched_at: new Date(now).toISOString() }]);
    expect(stopped.id).toBe(history[0]?.id);
    expect((await trakt.call('GET', '/sync/playback', { token })).body).toEqual([]);
  });

  it('stop below 80 % is a pause, below 1 % is refused with 422', async () => {
    const paused = traktScrobbleResponseSchema.parse((await scrobble('stop', movieBody(75))).body);
    expect(paused.action).toBe('pause');
    expect(trakt.sim.control.truth('alice').history).toEqual([]);
    expect((await scrobble('stop', movieBody(0.5))).status).toBe(422);
    expect(trakt.sim.control.truth('alice').scrobbles.map((s) => s.status)).toEqual([201, 422]);
  });

  it('the same item scrobbled again within the window answers 409 with watched_at and expires_at', async () => {
    const body = {
      show: { ids: { tvdb: show.ids.tvdb } },
      episode: { season: episode.traktSeason, number: episode.traktNumber },
      progress: 90,
    };
    const first = traktScrobbleResponseSchema.parse((await scrobble('stop', body)).body);
    expect(first).toMatchObject({
      action: 'scrobble',
      episode: { ids: { trakt: episode.ids.trakt } },
      show: { ids: { trakt: show.ids.trakt } },
    });
    const scrobbledAt = now;

    now += 10 * 60_000;
    const again = await scrobble('stop', { episode: { ids: { trakt: episode.ids.trakt } }, progress: 95 });
    expect(again.status).toBe(409);
    expect(traktScrobbleConflictSchema.parse(again.body)).toEqual({
      watched_at: new Date(scrobbledAt).toISOString(),
      expires_at: new Date(scrobbledAt + 3600_000).toISOString(),
    });

    now = scrobbledAt + 3600_000;
    expect((await scrobble('stop', { episode: { ids: { trakt: episode.ids.trakt } }, progress: 95 })).status).toBe(201);
    expect(trakt.sim.control.truth('alice').history).toHaveLength(2);
  });

  it('answers 404 for an unknown item', async () => {
    expect((await scrobble('start', { movie: { ids: { imdb: 'tt0000111' } }, progress: 5 })).status).toBe(404);
  });
});

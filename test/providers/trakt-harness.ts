import type { MinimalItem } from '../../src/domain/items';
import {
  createTraktClient,
  memoryTokenStore,
  type TraktClient,
  type TraktClientOptions,
  type TraktTokenStore,
} from '../../src/providers/trakt';
import { tokensFromGrant } from '../../src/providers/trakt/tokens';
import { type Catalog, type CatalogEpisode, type CatalogMovie, type CatalogShow, generateCatalog } from '../../src/sim/catalog';
import type { TraktSimOptions } from '../../src/sim/trakt';
import { type RunningTraktSim, startTraktSim } from '../../src/sim/trakt/harness';

/** Shared set-up of the Trakt provider tests: a simulator on loopback and a client for user "alice". */

export const catalog: Catalog = generateCatalog({ movies: 300, shows: 30, episodes: 600 }, 7);
export const knownMovies = catalog.movies.filter((m) => m.traktKnown);
export const unknownMovie = catalog.movies.find((m) => !m.traktKnown)!;
export const knownShows = catalog.shows.filter((s) => s.traktKnown && !s.orderDiffers);
export const t0 = Date.parse('2026-03-01T12:00:00.000Z');

export function movieItem(movie: CatalogMovie): MinimalItem {
  return { type: 'movie', title: movie.title, year: movie.year, ids: { imdb: movie.ids.imdb, tmdb: movie.ids.tmdb } };
}

export function showItem(show: CatalogShow): MinimalItem {
  return { type: 'show', title: show.title, year: show.year, ids: { tvdb: show.ids.tvdb, tmdb: show.ids.tmdb } };
}

/** An episode as a legacy Plex agent knows it: show ids and numbers, own ids only when `withIds`. */
export function episodeItem(show: CatalogShow, episode: CatalogEpisode, withIds = true): MinimalItem {
  return {
    type: 'episode',
    ids: withIds ? { tvdb: episode.ids.tvdb } : {},
    show_ids: { tvdb: show.ids.tvdb },
    season: episode.traktSeason,
    episode: episode.traktNumber,
  };
}

export interface TraktTest {
  trakt: RunningTraktSim;
  client: TraktClient;
  store: TraktTokenStore;
  /** The simulated (and client) clock. */
  now: { ms: number };
  /** Requests the simulator served on a route, e.g. "GET /sync/history". */
  count(route: string): number;
  makeClient(overrides?: Partial<TraktClientOptions>): TraktClient;
  close(): Promise<void>;
}

export async function startTraktTest(
  sim: Partial<TraktSimOptions> = {},
  client: Partial<TraktClientOptions> = {},
  user: { watchlistLimit?: number } = {},
): Promise<TraktTest> {
  const now = { ms: t0 };
  const clock = () => now.ms;
  const trakt = await startTraktSim({ catalog, clock, enforceRateLimits: false, ...sim });
  const { tokens } = trakt.sim.control.createUser({ username: 'alice', ...user });
  const store = memoryTokenStore({ alice: tokensFromGrant({ ...tokens }) });
  const makeClient = (overrides: Partial<TraktClientOptions> = {}) =>
    createTraktClient({
      apiUrl: trakt.url,
      authUrl: trakt.url,
      clientId: trakt.sim.clientId,
      clientSecret: trakt.sim.clientSecret,
      account: 'alice',
      tokens: store,
      clock,
      minWriteIntervalMs: 0,
      ...client,
      ...overrides,
    });
  return {
    trakt,
    client: makeClient(),
    store,
    now,
    count: (route) => trakt.sim.faults.count(route),
    makeClient,
    close: () => trakt.close(),
  };
}

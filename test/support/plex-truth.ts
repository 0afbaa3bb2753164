import type { Simulator } from '../../src/sim';
import { type CatalogMovie, type CatalogShow, movieRatingKey } from '../../src/sim/catalog';
import { catalogEntryOf } from './sim-truth';

/** A catalog movie by key ("m5"). */
export function movie(sim: Simulator, key: string): CatalogMovie {
  const entry = sim.catalog.byKey.get(key);
  if (entry?.kind !== 'movie') throw new Error(`${key} is not a catalog movie`);
  return entry;
}

/** The owner's PMS play rows, as catalog key and ISO time. */
export function plexPlays(sim: Simulator): { key: string; watched_at: string }[] {
  return sim.library.history
    .filter((row) => row.accountId === sim.library.owner.id && row.ratingKey !== undefined)
    .flatMap((row) => {
      const entry = catalogEntryOf(sim, row.ratingKey!);
      return entry ? [{ key: entry.key, watched_at: new Date(row.viewedAt * 1000).toISOString() }] : [];
    });
}

/** The owner's PMS rating of a movie (1–10), if any. */
export function plexRating(sim: Simulator, key: string): number | undefined {
  return sim.library.peekState(sim.library.owner.id, movieRatingKey(movie(sim, key)))?.userRating;
}

/** The owner's Discover watchlist as catalog keys. */
export function plexWatchlist(sim: Simulator): string[] {
  const byPlexId = new Map<string, CatalogMovie | CatalogShow>(
    [...sim.catalog.movies, ...sim.catalog.shows].map((entry) => [entry.plexId, entry]),
  );
  return sim.discover.state.watchlists.list(sim.tokens.plexOwner).flatMap((entry) => {
    const found = byPlexId.get(entry.ratingKey);
    return found ? [found.key] : [];
  });
}

/** Plays of one title. */
export const playsOf = <P extends { key: string }>(plays: readonly P[], key: string): P[] => plays.filter((p) => p.key === key);

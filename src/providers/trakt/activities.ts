import type { Feature, IsoUtc } from '../../domain/items';
import { isoFromTrakt } from './normalize';
import type { TraktLastActivities } from './schemas';

type Stamp = IsoUtc | undefined;

/**
 * GET /sync/last_activities, reduced to what a sync compares: when each feature last changed, overall and
 * per type. An index whose stamp equals the previous run's can be skipped (one GET for an unchanged side).
 */
export interface TraktActivities {
  all: IsoUtc;
  /** The latest change of each feature (any type); undefined when Trakt reports none. */
  features: Record<Feature, Stamp>;
  history: { movies: Stamp; episodes: Stamp };
  ratings: { movies: Stamp; shows: Stamp; seasons: Stamp; episodes: Stamp };
  watchlist: { movies: Stamp; shows: Stamp; seasons: Stamp; episodes: Stamp; list: Stamp };
}

function latest(stamps: Stamp[]): Stamp {
  return stamps.reduce<Stamp>((max, stamp) => (stamp !== undefined && (max === undefined || stamp > max) ? stamp : max), undefined);
}

export function activitiesFromTrakt(raw: TraktLastActivities, endpoint: string): TraktActivities {
  const stamp = (value: string | null | undefined): Stamp => (value == null ? undefined : isoFromTrakt(value, endpoint));
  const history = { movies: stamp(raw.movies.watched_at), episodes: stamp(raw.episodes.watched_at) };
  const ratings = {
    movies: stamp(raw.movies.rated_at),
    shows: stamp(raw.shows.rated_at),
    seasons: stamp(raw.seasons.rated_at),
    episodes: stamp(raw.episodes.rated_at),
  };
  const watchlist = {
    movies: stamp(raw.movies.watchlisted_at),
    shows: stamp(raw.shows.watchlisted_at),
    seasons: stamp(raw.seasons.watchlisted_at),
    episodes: stamp(raw.episodes.watchlisted_at),
    list: stamp(raw.watchlist?.updated_at),
  };
  return {
    all: isoFromTrakt(raw.all, endpoint),
    features: {
      history: latest(Object.values(history)),
      ratings: latest(Object.values(ratings)),
      watchlist: latest(Object.values(watchlist)),
    },
    history,
    ratings,
    watchlist,
  };
}

import type { ExternalIds, IsoUtc, MinimalItem, Play, Rating, WatchlistEntry } from '../../domain/items';
import { toIsoUtc } from '../../domain/time';
import { PayloadError } from '../http';
import type {
  TraktAnyWatchlistItem,
  TraktEpisode,
  TraktHistoryItem,
  TraktIds,
  TraktMovie,
  TraktRatingItem,
  TraktSeason,
  TraktShow,
} from './schemas';

/** A play read from Trakt keeps its history id: removing exactly that play needs it. */
export type TraktPlay = Play & { historyId?: number };

/** A row of any Trakt list: its `type` and the media objects it carries. */
interface MediaRow {
  type: string;
  movie?: TraktMovie;
  show?: TraktShow;
  season?: TraktSeason;
  episode?: TraktEpisode;
}

/** Trakt ids without nulls, keeping the ones the domain knows (tvrage and unknown keys are dropped). */
export function idsFromTrakt(ids: TraktIds): ExternalIds {
  const out: ExternalIds = {};
  if (ids.trakt != null) out.trakt = ids.trakt;
  if (ids.slug != null && ids.slug !== '') out.slug = ids.slug;
  if (ids.imdb != null) out.imdb = ids.imdb;
  if (ids.tmdb != null) out.tmdb = ids.tmdb;
  if (ids.tvdb != null) out.tvdb = ids.tvdb;
  return out;
}

/** A Trakt time as domain `IsoUtc`; a time the schema let through but the domain cannot represent is a payload error. */
export function isoFromTrakt(value: string, endpoint: string): IsoUtc {
  const iso = toIsoUtc(value);
  if (iso === undefined) throw new PayloadError(endpoint, [`not a time: ${value}`]);
  return iso;
}

function titled(type: MinimalItem['type'], media: TraktMovie, ids: ExternalIds): MinimalItem {
  return { type, ids, ...(media.title != null ? { title: media.title } : {}), ...(media.year != null ? { year: media.year } : {}) };
}

/** The domain item of a row; seasons and episodes carry their show's ids and their place in it (Trakt's numbering). */
export function itemFromTrakt(row: MediaRow, endpoint: string): MinimalItem | undefined {
  const { movie, show, season, episode } = row;
  switch (row.type) {
    case 'movie':
      if (movie) return titled('movie', movie, idsFromTrakt(movie.ids));
      break;
    case 'show':
      if (show) return titled('show', show, idsFromTrakt(show.ids));
      break;
    case 'season':
      if (season && show)
        return { ...titled('season', show, idsFromTrakt(season.ids)), show_ids: idsFromTrakt(show.ids), season: season.number };
      break;
    case 'episode':
      if (episode && show) {
        return {
          ...titled('episode', { ...show, title: episode.title ?? show.title }, idsFromTrakt(episode.ids)),
          show_ids: idsFromTrakt(show.ids),
          season: episode.season,
          episode: episode.number,
        };
      }
      break;
    default:
      // People and lists (search results) are not titles watchsync syncs.
      return undefined;
  }
  throw new PayloadError(endpoint, [`a ${row.type} row without its media object`]);
}

function requireItem(row: MediaRow, endpoint: string): MinimalItem {
  const item = itemFromTrakt(row, endpoint);
  if (!item) throw new PayloadError(endpoint, [`unexpected row type ${row.type}`]);
  return item;
}

export function playFromTrakt(row: TraktHistoryItem, endpoint: string): TraktPlay {
  return { item: requireItem(row, endpoint), watched_at: isoFromTrakt(row.watched_at, endpoint), historyId: row.id };
}

export function ratingFromTrakt(row: TraktRatingItem, endpoint: string): Rating {
  return { item: requireItem(row, endpoint), rating: row.rating, rated_at: isoFromTrakt(row.rated_at, endpoint) };
}

export function watchlistEntryFromTrakt(row: TraktAnyWatchlistItem, endpoint: string): WatchlistEntry {
  return { item: requireItem(row, endpoint), listed_at: isoFromTrakt(row.listed_at, endpoint) };
}

/**
 * PMS and Discover items → domain `MinimalItem`s. Every GUID goes through the domain parser
 * (`idsFromPlex`, `parsePlexGuid`): modern items carry their ids in `Guid[]`, legacy ones in the guid
 * itself, and a legacy episode GUID (`thetvdb://<show>/<season>/<episode>`) names its show, not itself.
 */
import { idsFromPlex, parsePlexGuid } from '../../domain/guid';
import { type ExternalIds, type MediaType, type MinimalItem, mediaTypes, strongIdKeys } from '../../domain/items';
import type { PmsMetadata } from './schemas';

/** The fields both PMS and Discover items share that normalisation reads. */
type PlexItemFields = Pick<PmsMetadata, 'guid' | 'type' | 'title' | 'year' | 'index' | 'parentIndex' | 'Guid'>;

export function mediaTypeOf(type: string): MediaType | undefined {
  return mediaTypes.find((known) => known === type);
}

/**
 * A minimal item from a PMS or Discover item. `showIds` are the show's ids for an episode or season
 * (read from the show, which modern agents require); legacy GUIDs supply them themselves.
 * Undefined for things that are not video titles (tracks, clips, photos).
 */
export function toMinimalItem(meta: PlexItemFields, showIds?: ExternalIds): MinimalItem | undefined {
  const type = mediaTypeOf(meta.type);
  if (!type) return undefined;
  const ids = idsFromPlex(meta.guid, meta.Guid);
  const base: MinimalItem = { type, title: meta.title, ...(meta.year !== undefined ? { year: meta.year } : {}), ids };
  if (type === 'movie' || type === 'show') return base;

  const parsed = parsePlexGuid(meta.guid);
  const show_ids = strongIdsOnly({ ...parsed.showIds, ...showIds });
  // A season's number is its index; an episode's season is its parentIndex. PMS's numbers win over a
  // legacy GUID's, which follow the agent's order.
  const season = type === 'season' ? (meta.index ?? parsed.season) : (meta.parentIndex ?? parsed.season);
  const episode = type === 'episode' ? (meta.index ?? parsed.episode) : undefined;
  return {
    ...base,
    ...(Object.keys(show_ids).length > 0 ? { show_ids } : {}),
    ...(season !== undefined ? { season } : {}),
    ...(episode !== undefined ? { episode } : {}),
  };
}

/** The ids another service can match by (imdb/tmdb/tvdb/trakt), without `plex` or `slug`. */
export function strongIdsOnly(ids: ExternalIds): ExternalIds {
  const out: Record<string, unknown> = {};
  for (const key of strongIdKeys) if (ids[key] !== undefined) out[key] = ids[key];
  return out as ExternalIds;
}

export function hasStrongIds(ids: ExternalIds | undefined): boolean {
  return ids !== undefined && strongIdKeys.some((key) => ids[key] !== undefined);
}

/** Whether another service can find the item: by its own ids, or (episodes, seasons) by show ids + numbers. */
export function hasExternalIdentity(item: MinimalItem): boolean {
  if (hasStrongIds(item.ids)) return true;
  if (!hasStrongIds(item.show_ids) || item.season === undefined) return false;
  return item.type === 'season' || (item.type === 'episode' && item.episode !== undefined);
}

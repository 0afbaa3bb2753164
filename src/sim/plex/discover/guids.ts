import type { CatalogEpisode, CatalogIds, CatalogMovie, CatalogSeason, CatalogShow } from '../../catalog';

/** One entry of a Plex `Guid[]` array: `{"id":"imdb://tt…"}`. */
export interface ExternalGuid {
  id: string;
}

export type PlexMetadataType = 'movie' | 'show' | 'season' | 'episode';

/** `plex://movie/<24hex>` and friends: the identity Discover and modern PMS agents share. */
export function plexGuid(type: PlexMetadataType, plexId: string): string {
  return `plex://${type}/${plexId}`;
}

/** Plex's Guid[] order is imdb, tmdb, tvdb; absent ids are left out. */
function guidsOf(ids: Pick<CatalogIds, 'imdb' | 'tmdb' | 'tvdb'>): ExternalGuid[] {
  const guids: ExternalGuid[] = [];
  if (ids.imdb !== undefined) guids.push({ id: `imdb://${ids.imdb}` });
  if (ids.tmdb !== undefined) guids.push({ id: `tmdb://${ids.tmdb}` });
  if (ids.tvdb !== undefined) guids.push({ id: `tvdb://${ids.tvdb}` });
  return guids;
}

export function movieGuids(movie: CatalogMovie): ExternalGuid[] {
  return guidsOf(movie.ids);
}

export function showGuids(show: CatalogShow): ExternalGuid[] {
  return guidsOf(show.ids);
}

export function seasonGuids(season: CatalogSeason): ExternalGuid[] {
  return guidsOf(season.ids);
}

/** Many modern-agent episodes carry only their tvdb id. */
export function episodeGuids(episode: CatalogEpisode): ExternalGuid[] {
  return episode.onlyTvdb ? guidsOf({ tvdb: episode.ids.tvdb }) : guidsOf(episode.ids);
}

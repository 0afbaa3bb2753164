import type { Catalog, CatalogEpisode, CatalogMovie, CatalogSeason, CatalogShow } from '../../catalog';
import { type ExternalGuid, episodeGuids, movieGuids, type PlexMetadataType, plexGuid, seasonGuids, showGuids } from './guids';

/** A title as Discover knows it, addressed by its 24-hex ratingKey. */
export type DiscoverEntry =
  | { type: 'movie'; movie: CatalogMovie }
  | { type: 'show'; show: CatalogShow }
  | { type: 'season'; show: CatalogShow; season: CatalogSeason }
  | { type: 'episode'; show: CatalogShow; season: CatalogSeason; episode: CatalogEpisode };

/** A Discover `Metadata` object (JSON as metadata.provider.plex.tv sends it). */
export type DiscoverMetadata = Record<string, unknown> & { ratingKey: string; guid: string; type: PlexMetadataType; title: string };

/** Plex's numeric `type` query values (python-plexapi utils.searchType). */
export const plexTypeNumbers: Record<PlexMetadataType, number> = { movie: 1, show: 2, season: 3, episode: 4 };

export interface DiscoverIndex {
  entry(ratingKey: string): DiscoverEntry | undefined;
  /** Entries carrying an external guid such as `imdb://tt0090728`. */
  byExternalGuid(guid: string): DiscoverEntry[];
  /** Movies and shows, the only things that can be searched for or watchlisted. */
  topLevel(): DiscoverEntry[];
}

export function ratingKeyOf(entry: DiscoverEntry): string {
  switch (entry.type) {
    case 'movie':
      return entry.movie.plexId;
    case 'show':
      return entry.show.plexId;
    case 'season':
      return entry.season.plexId;
    case 'episode':
      return entry.episode.plexId;
  }
}

export function titleOf(entry: DiscoverEntry): string {
  switch (entry.type) {
    case 'movie':
      return entry.movie.title;
    case 'show':
      return entry.show.title;
    case 'season':
      return `Season ${entry.season.number}`;
    case 'episode':
      return entry.episode.title;
  }
}

export function externalGuidsOf(entry: DiscoverEntry): ExternalGuid[] {
  switch (entry.type) {
    case 'movie':
      return movieGuids(entry.movie);
    case 'show':
      return showGuids(entry.show);
    case 'season':
      return seasonGuids(entry.season);
    case 'episode':
      return episodeGuids(entry.episode);
  }
}

/**
 * Local (home video) titles are not in Plex's database, so Discover does not know them; every other catalog
 * title is known with its external ids, whatever agent the user's own server used.
 */
export function indexCatalog(catalog: Catalog): DiscoverIndex {
  const byKey = new Map<string, DiscoverEntry>();
  const byGuid = new Map<string, DiscoverEntry[]>();
  const topLevel: DiscoverEntry[] = [];
  const add = (entry: DiscoverEntry): void => {
    byKey.set(ratingKeyOf(entry), entry);
    for (const { id } of externalGuidsOf(entry)) byGuid.set(id, [...(byGuid.get(id) ?? []), entry]);
  };
  for (const movie of catalog.movies) {
    if (movie.guidStyle === 'local') continue;
    const entry: DiscoverEntry = { type: 'movie', movie };
    add(entry);
    topLevel.push(entry);
  }
  for (const show of catalog.shows) {
    if (show.guidStyle === 'local') continue;
    const entry: DiscoverEntry = { type: 'show', show };
    add(entry);
    topLevel.push(entry);
    for (const season of show.seasons) {
      add({ type: 'season', show, season });
      for (const episode of season.episodes) add({ type: 'episode', show, season, episode });
    }
  }
  return {
    entry: (ratingKey) => byKey.get(ratingKey),
    byExternalGuid: (guid) => byGuid.get(guid) ?? [],
    topLevel: () => topLevel,
  };
}

const imageBase = 'https://metadata-static.plex.tv/sim';

function key(plexId: string): string {
  return `/library/metadata/${plexId}`;
}

/** Deterministic epoch seconds for a release year (Jan 1st, UTC). */
function yearStartEpochS(year: number): number {
  return Date.UTC(year, 0, 1) / 1000;
}

function movieMetadata(movie: CatalogMovie): DiscoverMetadata {
  return {
    art: `${imageBase}/${movie.plexId}/art.jpg`,
    guid: plexGuid('movie', movie.plexId),
    key: key(movie.plexId),
    ratingKey: movie.plexId,
    type: 'movie',
    thumb: `${imageBase}/${movie.plexId}/thumb.jpg`,
    addedAt: yearStartEpochS(movie.year),
    duration: movie.durationMs,
    publicPagesURL: `https://watch.plex.tv/movie/${movie.ids.slug}`,
    slug: movie.ids.slug,
    userState: false,
    title: movie.title,
    originallyAvailableAt: `${movie.year}-01-01`,
    year: movie.year,
  };
}

function showMetadata(show: CatalogShow): DiscoverMetadata {
  return {
    art: `${imageBase}/${show.plexId}/art.jpg`,
    guid: plexGuid('show', show.plexId),
    // Shows are browsed through their children, so their key points there (as in the real watchlist).
    key: `${key(show.plexId)}/children`,
    ratingKey: show.plexId,
    type: 'show',
    thumb: `${imageBase}/${show.plexId}/thumb.jpg`,
    addedAt: yearStartEpochS(show.year),
    publicPagesURL: `https://watch.plex.tv/show/${show.ids.slug}`,
    slug: show.ids.slug,
    userState: false,
    title: show.title,
    leafCount: show.seasons.reduce((n, season) => n + season.episodes.length, 0),
    childCount: show.seasons.length,
    originallyAvailableAt: `${show.year}-01-01`,
    year: show.year,
  };
}

function seasonMetadata(show: CatalogShow, season: CatalogSeason): DiscoverMetadata {
  return {
    guid: plexGuid('season', season.plexId),
    key: `${key(season.plexId)}/children`,
    ratingKey: season.plexId,
    type: 'season',
    title: `Season ${season.number}`,
    thumb: `${imageBase}/${season.plexId}/thumb.jpg`,
    parentTitle: show.title,
    parentType: 'show',
    parentRatingKey: show.plexId,
    parentGuid: plexGuid('show', show.plexId),
    parentKey: key(show.plexId),
    index: season.number,
    leafCount: season.episodes.length,
  };
}

function episodeMetadata(show: CatalogShow, season: CatalogSeason, episode: CatalogEpisode): DiscoverMetadata {
  return {
    guid: plexGuid('episode', episode.plexId),
    key: key(episode.plexId),
    ratingKey: episode.plexId,
    type: 'episode',
    thumb: `${imageBase}/${episode.plexId}/thumb.jpg`,
    duration: episode.durationMs,
    title: episode.title,
    grandparentTitle: show.title,
    grandparentType: 'show',
    grandparentRatingKey: show.plexId,
    grandparentGuid: plexGuid('show', show.plexId),
    grandparentKey: key(show.plexId),
    parentTitle: `Season ${season.number}`,
    parentType: 'season',
    parentRatingKey: season.plexId,
    parentGuid: plexGuid('season', season.plexId),
    parentKey: key(season.plexId),
    index: episode.number,
    parentIndex: season.number,
  };
}

/** The Metadata object; `Guid[]` only when asked for (listings omit it unless includeGuids=1). */
export function discoverMetadata(entry: DiscoverEntry, withGuids: boolean): DiscoverMetadata {
  const metadata =
    entry.type === 'movie'
      ? movieMetadata(entry.movie)
      : entry.type === 'show'
        ? showMetadata(entry.show)
        : entry.type === 'season'
          ? seasonMetadata(entry.show, entry.season)
          : episodeMetadata(entry.show, entry.season, entry.episode);
  return withGuids ? { ...metadata, Guid: externalGuidsOf(entry) } : metadata;
}

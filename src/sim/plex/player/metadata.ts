import {
  type Catalog,
  type CatalogEpisode,
  type CatalogMovie,
  type CatalogShow,
  movieRatingKey,
  ratingKeyBase,
  seasonRatingKey,
  showRatingKey,
} from '../../catalog';
import type { PlayableItem } from '../contracts';
import { type ExternalGuid, episodeGuids, movieGuids, plexGuid } from '../discover/guids';

/** The webhook `Metadata` object: the item as PMS's library describes it. */
export type WebhookMetadata = Record<string, unknown> & { ratingKey: string; type: PlayableItem['type'] };

/** Describes a playing item for webhooks; the composition may plug in the PMS's own metadata instead. */
export type ItemDescriber = (item: PlayableItem) => WebhookMetadata;

const sectionTitles = { movie: 'Movies', episode: 'TV Shows' } as const;
const sectionTypes = { movie: 'movie', episode: 'show' } as const;
/** A fixed "added to the library" time so payloads are deterministic (epoch seconds). */
const addedAt = 1_600_000_000;

function metadataKey(ratingKey: string): string {
  return `/library/metadata/${ratingKey}`;
}

/** The fields every item has, from what the player knows without a catalog. */
export function describePlayable(item: PlayableItem): WebhookMetadata {
  return {
    librarySectionType: sectionTypes[item.type],
    ratingKey: item.ratingKey,
    key: metadataKey(item.ratingKey),
    type: item.type,
    title: item.title,
    librarySectionTitle: sectionTitles[item.type],
    librarySectionID: item.librarySectionID,
    librarySectionKey: `/library/sections/${item.librarySectionID}`,
    summary: '',
    thumb: `${metadataKey(item.ratingKey)}/thumb/${addedAt}`,
    duration: item.durationMs,
    addedAt,
    updatedAt: addedAt,
  };
}

/** PMS guid forms per agent (DESIGN.md §3): modern items carry Guid[], legacy and local ones do not. */
function movieIdentity(movie: CatalogMovie, ratingKey: string): { guid: string; Guid?: ExternalGuid[] } {
  switch (movie.guidStyle) {
    case 'modern':
      return { guid: plexGuid('movie', movie.plexId), Guid: movieGuids(movie) };
    case 'legacy-imdb':
      return { guid: `com.plexapp.agents.imdb://${movie.ids.imdb}?lang=en` };
    case 'legacy-tmdb':
      return { guid: `com.plexapp.agents.themoviedb://${movie.ids.tmdb}?lang=en` };
    case 'plex-only':
      return { guid: plexGuid('movie', movie.plexId) };
    default:
      return { guid: `local://${ratingKey}` };
  }
}

function episodeIdentity(show: CatalogShow, episode: CatalogEpisode, ratingKey: string): Record<string, unknown> {
  const season = show.seasons.find((s) => s.number === episode.season);
  switch (show.guidStyle) {
    case 'modern':
      return {
        guid: plexGuid('episode', episode.plexId),
        ...(season ? { parentGuid: plexGuid('season', season.plexId) } : {}),
        grandparentGuid: plexGuid('show', show.plexId),
        Guid: episodeGuids(episode),
      };
    case 'legacy-tvdb':
    case 'legacy-imdb':
    case 'legacy-tmdb':
      return { guid: `com.plexapp.agents.thetvdb://${show.ids.tvdb}/${episode.season}/${episode.number}?lang=en` };
    case 'plex-only':
      return { guid: plexGuid('episode', episode.plexId) };
    default:
      return { guid: `local://${ratingKey}` };
  }
}

function describeMovie(item: PlayableItem, movie: CatalogMovie): WebhookMetadata {
  const { Guid, guid } = movieIdentity(movie, item.ratingKey);
  const base = describePlayable(item);
  return { ...base, guid, title: movie.title, year: movie.year, originallyAvailableAt: `${movie.year}-01-01`, ...(Guid ? { Guid } : {}) };
}

function describeEpisode(item: PlayableItem, show: CatalogShow, episode: CatalogEpisode): WebhookMetadata {
  const parentRatingKey = seasonRatingKey(show, episode.season);
  const grandparentRatingKey = showRatingKey(show);
  const { Guid, ...identity } = episodeIdentity(show, episode, item.ratingKey);
  return {
    ...describePlayable(item),
    parentRatingKey,
    grandparentRatingKey,
    ...identity,
    title: episode.title,
    grandparentKey: metadataKey(grandparentRatingKey),
    parentKey: metadataKey(parentRatingKey),
    grandparentTitle: show.title,
    parentTitle: `Season ${episode.season}`,
    index: episode.number,
    parentIndex: episode.season,
    ...(Guid ? { Guid } : {}),
  };
}

/** Describes items of a catalog-seeded PMS (ratingKeys from catalog.ts); other items get the basic fields. */
export function describeFromCatalog(catalog: Catalog): ItemDescriber {
  return (item) => {
    const n = Number(item.ratingKey);
    const entry =
      item.type === 'movie' ? catalog.byKey.get(`m${n - ratingKeyBase.movie}`) : catalog.byKey.get(`e${n - ratingKeyBase.episode}`);
    if (entry?.kind === 'movie' && movieRatingKey(entry) === item.ratingKey) return describeMovie(item, entry);
    if (entry?.kind === 'episode') {
      const show = catalog.byKey.get(entry.showKey);
      if (show?.kind === 'show') return describeEpisode(item, show, entry);
    }
    return describePlayable(item);
  };
}

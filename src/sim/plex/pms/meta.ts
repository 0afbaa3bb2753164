/**
 * The filter description PMS adds to a listing asked for with `includeMeta=1`: `<Meta>` with one `<Type>` per
 * item type of the section (its `<Filter>`, `<Sort>` and `<Field>` children) and one `<FieldType>` per value
 * type with its `<Operator>`s. python-plexapi reads it (LibrarySection._loadFilters) to validate and encode
 * every filtered search, so a listing without it makes plexapi refuse filters.
 *
 * Shape and operator keys per python-plexapi's parser and documentation. The field lists are the subset the
 * simulator evaluates; real servers list more (genre, actor, resolution… tag fields, whose choices live at
 * endpoints not simulated). Fields python-plexapi adds itself because PMS does not list them (guid, id, index,
 * lastRatedAt, updatedAt, and duration/viewOffset for episodes…) are left out here too, but they filter.
 * Titles are descriptive only; PMS's exact wording is not captured. The `<Filter>` entries (Plex Web's filter
 * menu) name choice endpoints (`/library/sections/{id}/unwatched`) that the simulator does not serve.
 */
import type { LibraryItemType, LibrarySection } from '../library';

type Json = Record<string, unknown>;

type FieldType = 'integer' | 'string' | 'boolean' | 'date';

/** PMS metadata type numbers (`type=` parameter). */
export const typeNumbers: Record<LibraryItemType | 'collection', number> = { movie: 1, show: 2, season: 3, episode: 4, collection: 18 };

const typeTitles: Record<LibraryItemType | 'collection', string> = {
  movie: 'Movies',
  show: 'TV Shows',
  season: 'Seasons',
  episode: 'Episodes',
  collection: 'Collections',
};

const fieldsByType: Record<LibraryItemType | 'collection', Array<[key: string, type: FieldType, title: string]>> = {
  movie: [
    ['title', 'string', 'Title'],
    ['studio', 'string', 'Studio'],
    ['year', 'integer', 'Year'],
    ['originallyAvailableAt', 'date', 'Release Date'],
    ['userRating', 'integer', 'User Rating'],
    ['viewCount', 'integer', 'Plays'],
    ['lastViewedAt', 'date', 'Last Played'],
    ['addedAt', 'date', 'Date Added'],
    ['unwatched', 'boolean', 'Unplayed'],
    ['inProgress', 'boolean', 'In Progress'],
    ['duration', 'integer', 'Duration'],
  ],
  show: [
    ['title', 'string', 'Show Title'],
    ['studio', 'string', 'Studio'],
    ['year', 'integer', 'Year'],
    ['userRating', 'integer', 'Show Rating'],
    ['viewCount', 'integer', 'Show Plays'],
    ['lastViewedAt', 'date', 'Show Last Played'],
    ['addedAt', 'date', 'Date Added'],
  ],
  season: [
    ['title', 'string', 'Season Title'],
    ['userRating', 'integer', 'Season Rating'],
    ['viewCount', 'integer', 'Season Plays'],
    ['lastViewedAt', 'date', 'Season Last Played'],
  ],
  episode: [
    ['title', 'string', 'Episode Title'],
    ['year', 'integer', 'Episode Year'],
    ['originallyAvailableAt', 'date', 'Air Date'],
    ['userRating', 'integer', 'Episode Rating'],
    ['viewCount', 'integer', 'Episode Plays'],
    ['lastViewedAt', 'date', 'Episode Last Played'],
    ['addedAt', 'date', 'Date Episode Added'],
    ['unwatched', 'boolean', 'Unplayed Episode'],
    ['inProgress', 'boolean', 'In Progress'],
  ],
  collection: [['title', 'string', 'Title']],
};

const sortsByType: Record<LibraryItemType | 'collection', Array<[key: string, direction: 'asc' | 'desc', title: string]>> = {
  movie: [
    ['titleSort', 'asc', 'Title'],
    ['year', 'desc', 'Year'],
    ['originallyAvailableAt', 'desc', 'Release Date'],
    ['userRating', 'desc', 'Rating'],
    ['duration', 'desc', 'Duration'],
    ['viewCount', 'desc', 'Plays'],
    ['lastViewedAt', 'desc', 'Last Played'],
    ['addedAt', 'desc', 'Date Added'],
  ],
  show: [
    ['titleSort', 'asc', 'Title'],
    ['year', 'desc', 'Year'],
    ['userRating', 'desc', 'Rating'],
    ['lastViewedAt', 'desc', 'Last Played'],
    ['addedAt', 'desc', 'Date Added'],
  ],
  season: [
    ['index', 'asc', 'Season'],
    ['lastViewedAt', 'desc', 'Last Played'],
  ],
  episode: [
    ['titleSort', 'asc', 'Title'],
    ['originallyAvailableAt', 'desc', 'Air Date'],
    ['userRating', 'desc', 'Rating'],
    ['viewCount', 'desc', 'Plays'],
    ['lastViewedAt', 'desc', 'Last Played'],
    ['addedAt', 'desc', 'Date Added'],
  ],
  collection: [['titleSort', 'asc', 'Title']],
};

/** Operators per value type, with python-plexapi's names for them. */
const operatorsByType: Record<FieldType, Array<[key: string, title: string]>> = {
  integer: [
    ['=', 'is'],
    ['!=', 'is not'],
    ['>>=', 'is greater than'],
    ['<<=', 'is less than'],
  ],
  string: [
    ['=', 'contains'],
    ['!=', 'does not contain'],
    ['==', 'is'],
    ['!==', 'is not'],
    ['<=', 'begins with'],
    ['>=', 'ends with'],
  ],
  boolean: [
    ['=', 'is true'],
    ['!=', 'is false'],
  ],
  date: [
    ['<<=', 'is before'],
    ['>>=', 'is after'],
  ],
};

/** The item types one can list in a section (a show section lists shows, seasons and episodes). */
export function sectionTypes(section: LibrarySection): LibraryItemType[] {
  return section.type === 'movie' ? ['movie'] : ['show', 'season', 'episode'];
}

/** Every field key the Meta of any type names, unprefixed: what the route's field table must evaluate. */
export const metaFieldNames: ReadonlySet<string> = new Set(Object.values(fieldsByType).flatMap((fields) => fields.map(([key]) => key)));

function renderType(section: LibrarySection, type: LibraryItemType | 'collection', active: boolean): Json {
  // Movie fields are unprefixed; every other type's carry their type (`episode.userRating`), as plexapi expects.
  const prefix = type === 'movie' ? '' : `${type}.`;
  const base = `/library/sections/${section.id}`;
  const typeParam = `type=${typeNumbers[type]}`;
  return {
    key: type === 'collection' ? `${base}/collections` : `${base}/all?${typeParam}`,
    type,
    title: typeTitles[type],
    active,
    Filter: fieldsByType[type]
      .filter(([, fieldType]) => fieldType === 'boolean')
      .map(([key, fieldType, title]) => ({
        filter: key,
        filterType: fieldType,
        key: `${base}/${key}?${typeParam}`,
        title,
        type: 'filter',
      })),
    Sort: sortsByType[type].map(([key, direction, title]) => ({
      ...(active && key === 'titleSort' ? { default: direction } : {}),
      defaultDirection: direction,
      descKey: `${key}:desc`,
      ...(key === 'titleSort' ? { firstCharacterKey: `${base}/firstCharacter` } : {}),
      key,
      title,
    })),
    Field: fieldsByType[type].map(([key, fieldType, title]) => ({ key: `${prefix}${key}`, title, type: fieldType })),
  };
}

/** `Meta` for a section's listing (`/all`) or its collections (`/collections`). */
export function renderMeta(section: LibrarySection, listing: 'all' | 'collections', activeType: LibraryItemType | 'collection'): Json {
  const types = listing === 'collections' ? (['collection'] as const) : sectionTypes(section);
  return {
    Type: types.map((type) => renderType(section, type, listing === 'collections' || type === activeType)),
    FieldType: (Object.keys(operatorsByType) as FieldType[]).map((type) => ({
      type,
      Operator: operatorsByType[type].map(([key, title]) => ({ key, title })),
    })),
  };
}

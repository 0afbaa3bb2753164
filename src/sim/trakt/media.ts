import type { Catalog, CatalogEpisode, CatalogIds, CatalogMovie, CatalogSeason, CatalogShow } from '../catalog';

/** A title as Trakt's database knows it. `key` is unique across kinds ("movie:1001"). */
export type MediaRef =
  | { type: 'movie'; key: string; movie: CatalogMovie }
  | { type: 'show'; key: string; show: CatalogShow }
  | { type: 'season'; key: string; show: CatalogShow; season: CatalogSeason }
  | { type: 'episode'; key: string; show: CatalogShow; episode: CatalogEpisode };

export type MediaType = MediaRef['type'];
export type PlayableRef = Extract<MediaRef, { type: 'movie' | 'episode' }>;

export function isPlayable(ref: MediaRef): ref is PlayableRef {
  return ref.type === 'movie' || ref.type === 'episode';
}

/** The plural section names Trakt uses in request bodies, responses and URLs. */
export const sections = ['movies', 'shows', 'seasons', 'episodes'] as const;
export type Section = (typeof sections)[number];
export const sectionOf: Record<MediaType, Section> = { movie: 'movies', show: 'shows', season: 'seasons', episode: 'episodes' };
export const typeOfSection: Record<Section, MediaType> = { movies: 'movie', shows: 'show', seasons: 'season', episodes: 'episode' };

/** The media type a URL section names ("movies" → movie), or undefined for anything else. */
export function typeOfSectionName(name: string): MediaType | undefined {
  return (sections as readonly string[]).includes(name) ? typeOfSection[name as Section] : undefined;
}

/** Ids a client may send; any subset, numbers possibly as strings. */
export interface IdsInput {
  trakt?: number;
  slug?: string;
  imdb?: string;
  tmdb?: number;
  tvdb?: number;
}

type IdIndex<T> = { trakt: Map<number, T>; slug: Map<string, T>; imdb: Map<string, T>; tmdb: Map<number, T>; tvdb: Map<number, T> };

function emptyIndex<T>(): IdIndex<T> {
  return { trakt: new Map(), slug: new Map(), imdb: new Map(), tmdb: new Map(), tvdb: new Map() };
}

function indexIds<T>(index: IdIndex<T>, ids: CatalogIds, value: T): void {
  index.trakt.set(ids.trakt, value);
  index.slug.set(ids.slug, value);
  if (ids.imdb !== undefined) index.imdb.set(ids.imdb, value);
  if (ids.tmdb !== undefined) index.tmdb.set(ids.tmdb, value);
  if (ids.tvdb !== undefined) index.tvdb.set(ids.tvdb, value);
}

/** Trakt matches on its own id first, then the external ones. */
function lookup<T>(index: IdIndex<T>, ids: IdsInput): T | undefined {
  return (
    (ids.trakt !== undefined ? index.trakt.get(ids.trakt) : undefined) ??
    (ids.imdb !== undefined ? index.imdb.get(ids.imdb) : undefined) ??
    (ids.tmdb !== undefined ? index.tmdb.get(ids.tmdb) : undefined) ??
    (ids.tvdb !== undefined ? index.tvdb.get(ids.tvdb) : undefined) ??
    (ids.slug !== undefined ? index.slug.get(ids.slug) : undefined)
  );
}

export function movieRef(movie: CatalogMovie): PlayableRef {
  return { type: 'movie', key: `movie:${movie.ids.trakt}`, movie };
}
export function showRef(show: CatalogShow): MediaRef {
  return { type: 'show', key: `show:${show.ids.trakt}`, show };
}
export function seasonRef(show: CatalogShow, season: CatalogSeason): MediaRef {
  return { type: 'season', key: `season:${season.ids.trakt}`, show, season };
}
export function episodeRef(show: CatalogShow, episode: CatalogEpisode): PlayableRef {
  return { type: 'episode', key: `episode:${episode.ids.trakt}`, show, episode };
}

/**
 * Trakt's view of the simulator catalog: id indexes for O(1) matching, Trakt's episode numbering, and the
 * titles Trakt does not know (catalog `traktKnown: false`) until the admin API "learns" them.
 */
export class TraktCatalog {
  private readonly movies = emptyIndex<CatalogMovie>();
  private readonly shows = emptyIndex<CatalogShow>();
  private readonly seasons = emptyIndex<{ show: CatalogShow; season: CatalogSeason }>();
  private readonly episodes = emptyIndex<CatalogEpisode>();
  /** show trakt id → "season x number" in Trakt's numbering → episode. */
  private readonly episodesByNumber = new Map<number, Map<string, CatalogEpisode>>();
  private readonly learned = new Set<string>();
  /** "title|year" (lower case) → movie, for scrobbles that name a movie without ids. */
  private readonly moviesByTitle = new Map<string, CatalogMovie>();

  constructor(readonly catalog: Catalog) {
    for (const movie of catalog.movies) {
      indexIds(this.movies, movie.ids, movie);
      this.moviesByTitle.set(`${movie.title.toLowerCase()}|${movie.year}`, movie);
    }
    for (const show of catalog.shows) {
      indexIds(this.shows, show.ids, show);
      const numbered = new Map<string, CatalogEpisode>();
      for (const season of show.seasons) {
        indexIds(this.seasons, season.ids, { show, season });
        for (const episode of season.episodes) {
          indexIds(this.episodes, episode.ids, episode);
          numbered.set(`${episode.traktSeason}x${episode.traktNumber}`, episode);
        }
      }
      this.episodesByNumber.set(show.ids.trakt, numbered);
    }
  }

  /** Makes a title Trakt did not know findable (by catalog key, e.g. "m42" or "s3"). */
  learn(catalogKey: string): boolean {
    const entry = this.catalog.byKey.get(catalogKey);
    if (!entry || entry.kind === 'episode') return false;
    this.learned.add(catalogKey);
    return true;
  }

  forget(): void {
    this.learned.clear();
  }

  private knows(entry: CatalogMovie | CatalogShow): boolean {
    return entry.traktKnown || this.learned.has(entry.key);
  }

  private showOf(episode: CatalogEpisode): CatalogShow {
    const show = this.catalog.byKey.get(episode.showKey);
    if (show?.kind !== 'show') throw new Error(`catalog episode ${episode.key} has no show ${episode.showKey}`);
    return show;
  }

  findMovie(ids: IdsInput): PlayableRef | undefined {
    const movie = lookup(this.movies, ids);
    return movie && this.knows(movie) ? movieRef(movie) : undefined;
  }

  /** Trakt also matches a movie by title + year when no id is given (scrobbles of unmatched library items). */
  findMovieByTitle(title: string, year: number | undefined): PlayableRef | undefined {
    const movie = this.moviesByTitle.get(`${title.toLowerCase()}|${year}`);
    return movie && this.knows(movie) ? movieRef(movie) : undefined;
  }

  findShow(ids: IdsInput): Extract<MediaRef, { type: 'show' }> | undefined {
    const show = lookup(this.shows, ids);
    return show && this.knows(show) ? { type: 'show', key: `show:${show.ids.trakt}`, show } : undefined;
  }

  findSeason(ids: IdsInput): MediaRef | undefined {
    const hit = lookup(this.seasons, ids);
    return hit && this.knows(hit.show) ? seasonRef(hit.show, hit.season) : undefined;
  }

  findEpisode(ids: IdsInput): PlayableRef | undefined {
    const episode = lookup(this.episodes, ids);
    if (!episode) return undefined;
    const show = this.showOf(episode);
    return this.knows(show) ? episodeRef(show, episode) : undefined;
  }

  /** Season by number; Trakt and the catalog agree on season numbers. */
  seasonOf(show: CatalogShow, number: number): CatalogSeason | undefined {
    return show.seasons.find((s) => s.number === number);
  }

  /** Episode by show + season + number in **Trakt's** numbering (traktSeason/traktNumber). */
  episodeByNumber(show: CatalogShow, season: number, number: number): PlayableRef | undefined {
    const episode = this.episodesByNumber.get(show.ids.trakt)?.get(`${season}x${number}`);
    return episode ? episodeRef(show, episode) : undefined;
  }

  /** Every matching title of the given types, for id lookups (/search). */
  findAll(ids: IdsInput, types: readonly MediaType[]): MediaRef[] {
    const finders: Record<MediaType, (ids: IdsInput) => MediaRef | undefined> = {
      movie: (i) => this.findMovie(i),
      show: (i) => this.findShow(i),
      season: (i) => this.findSeason(i),
      episode: (i) => this.findEpisode(i),
    };
    return types.flatMap((type) => finders[type](ids) ?? []);
  }

  /** Resolves a catalog key as `catalogKeyOf` writes it ("m1", "s2", "s2#1", "e7"), ignoring `traktKnown`. */
  refOfCatalogKey(catalogKey: string): MediaRef | undefined {
    const [key = '', seasonPart] = catalogKey.split('#');
    const entry = this.catalog.byKey.get(key);
    if (!entry) return undefined;
    if (entry.kind === 'movie') return movieRef(entry);
    if (entry.kind === 'episode') return episodeRef(this.showOf(entry), entry);
    if (seasonPart === undefined) return showRef(entry);
    const season = this.seasonOf(entry, Number(seasonPart));
    return season ? seasonRef(entry, season) : undefined;
  }
}

/**
 * Rendered media objects are cached per catalog entry: a 1,000-row page then costs one object spread per
 * row instead of rebuilding every nested `ids` object. Callers must not mutate what these return.
 */
function memoized<K extends object, V>(render: (entry: K) => V): (entry: K) => V {
  const cache = new WeakMap<K, V>();
  return (entry) => {
    let value = cache.get(entry);
    if (value === undefined) {
      value = render(entry);
      cache.set(entry, value);
    }
    return value;
  };
}

/** Trakt JSON of a movie or show (`ids` as Trakt sends them: ids it lacks are null). */
export const renderTitle = memoized((entry: CatalogMovie | CatalogShow): { title: string; year: number; ids: Record<string, unknown> } => {
  const ids: Record<string, unknown> = { trakt: entry.ids.trakt, slug: entry.ids.slug };
  if (entry.kind === 'show') ids.tvdb = entry.ids.tvdb ?? null;
  ids.imdb = entry.ids.imdb ?? null;
  ids.tmdb = entry.ids.tmdb ?? null;
  return { title: entry.title, year: entry.year, ids };
});

export const renderSeason = memoized((season: CatalogSeason) => ({
  number: season.number,
  ids: { trakt: season.ids.trakt, tvdb: season.ids.tvdb ?? null, tmdb: season.ids.tmdb ?? null },
}));

/** Episodes are numbered as Trakt numbers them, and carry no slug. */
export const renderEpisode = memoized((episode: CatalogEpisode) => ({
  season: episode.traktSeason,
  number: episode.traktNumber,
  title: episode.title,
  ids: { trakt: episode.ids.trakt, tvdb: episode.ids.tvdb ?? null, imdb: episode.ids.imdb ?? null, tmdb: episode.ids.tmdb ?? null },
}));

/** The media object(s) of a row: `{movie}`, `{show}`, `{season, show}` or `{episode, show}`. */
export function renderMedia(ref: MediaRef): Record<string, unknown> {
  switch (ref.type) {
    case 'movie':
      return { movie: renderTitle(ref.movie) };
    case 'show':
      return { show: renderTitle(ref.show) };
    case 'season':
      return { season: renderSeason(ref.season), show: renderTitle(ref.show) };
    case 'episode':
      return { episode: renderEpisode(ref.episode), show: renderTitle(ref.show) };
  }
}

/** The catalog key of a ref ("m1", "s2", "s2#1" for a season, "e7") — how ground truth names titles. */
export function catalogKeyOf(ref: MediaRef): string {
  switch (ref.type) {
    case 'movie':
      return ref.movie.key;
    case 'show':
      return ref.show.key;
    case 'season':
      return `${ref.show.key}#${ref.season.number}`;
    case 'episode':
      return ref.episode.key;
  }
}

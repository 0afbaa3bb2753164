import type { ExternalIds, MediaType, MinimalItem } from '../../domain/items';
import type { TraktNotFound } from './schemas';

/**
 * Builds the `{movies, shows, seasons, episodes}` body of a /sync write from domain records, and maps
 * Trakt's `not_found` (which echoes unmatched input objects as sent) back to those records.
 */

type Section = 'movies' | 'shows' | 'seasons' | 'episodes';
type Ids = Record<string, string | number>;
type Fields = Record<string, unknown>;

/** The ids Trakt accepts to address each type (trakt/trakt-api idsRequestSchema): episodes only by trakt or tvdb. */
const addressableIds: Record<MediaType, readonly (keyof ExternalIds)[]> = {
  movie: ['trakt', 'slug', 'imdb', 'tmdb'],
  show: ['trakt', 'slug', 'imdb', 'tmdb', 'tvdb'],
  season: ['trakt', 'tmdb', 'tvdb'],
  episode: ['trakt', 'tvdb'],
};

const sectionOf: Record<MediaType, Section> = { movie: 'movies', show: 'shows', season: 'seasons', episode: 'episodes' };

function pickIds(ids: ExternalIds | undefined, type: MediaType): Ids | undefined {
  const picked: Ids = {};
  for (const kind of addressableIds[type]) {
    const value = ids?.[kind];
    if (value !== undefined) picked[kind] = value;
  }
  return Object.keys(picked).length > 0 ? picked : undefined;
}

/** Identifies an ids object whatever its key order or null members (Trakt's echo may differ from what we sent). */
function idsKey(ids: unknown): string {
  if (typeof ids !== 'object' || ids === null) return '';
  return Object.entries(ids)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([kind, value]) => `${kind}=${String(value)}`)
    .sort()
    .join(',');
}

interface NestedSeason {
  number: number;
  episodes?: Fields[];
  [field: string]: unknown;
}

interface NestedShow {
  ids: Ids;
  seasons: NestedSeason[];
}

export interface SyncBodyOptions {
  /** Address an episode without Trakt-usable ids by its show's ids + season + number (Trakt's numbering). */
  numberFallback?: boolean;
}

export class SyncBody<T> {
  private readonly flat: Record<Section, Fields[]> = { movies: [], shows: [], seasons: [], episodes: [] };
  private readonly nested = new Map<string, NestedShow>();
  private readonly historyIds: number[] = [];
  /** Records by the key of the body entry that addresses them. */
  private readonly byKey = new Map<string, T[]>();
  /** Records nested under a show, by the show's ids key (a show echoed without its seasons covers them all). */
  private readonly byNestedShow = new Map<string, T[]>();
  /** Records Trakt cannot be asked about (no usable ids, no fallback): not sent, reported as not found. */
  readonly unaddressable: T[] = [];

  constructor(private readonly options: SyncBodyOptions = {}) {}

  /** Adds a record addressing `item`, with per-item fields (watched_at, rating…). */
  add(record: T, item: MinimalItem, fields: Fields = {}): void {
    const own = pickIds(item.ids, item.type);
    if (own) {
      const section = sectionOf[item.type];
      this.flat[section].push({ ids: own, ...fields });
      this.remember(`${section}|${idsKey(own)}`, record);
      return;
    }
    const showIds = pickIds(item.show_ids, 'show');
    const nestable = item.type === 'season' || (item.type === 'episode' && this.options.numberFallback === true);
    if (!showIds || !nestable || item.season === undefined || (item.type === 'episode' && item.episode === undefined)) {
      this.unaddressable.push(record);
      return;
    }
    this.addNested(record, showIds, item.season, item.type === 'episode' ? item.episode : undefined, fields);
  }

  /** Adds a history row to remove by its id (exact, unlike removing by item, which removes every play). */
  addHistoryId(record: T, historyId: number): void {
    this.historyIds.push(historyId);
    this.remember(`history|${historyId}`, record);
  }

  toJSON(): Record<string, unknown> {
    const sections: Record<Section, unknown[]> = { ...this.flat, shows: [...this.flat.shows, ...this.nested.values()] };
    const body: Record<string, unknown> = Object.fromEntries(Object.entries(sections).filter(([, entries]) => entries.length > 0));
    if (this.historyIds.length > 0) body.ids = this.historyIds;
    return body;
  }

  /** The records Trakt did not find: the echoed entries mapped back, plus the unaddressable ones. */
  notFound(notFound: TraktNotFound): T[] {
    const found = new Set<T>(this.unaddressable);
    const take = (records: T[] | undefined) => {
      for (const record of records ?? []) found.add(record);
    };
    for (const section of ['movies', 'seasons', 'episodes'] as const) {
      for (const entry of notFound[section]) take(this.byKey.get(`${section}|${idsKey(entry.ids)}`));
    }
    for (const entry of notFound.shows) {
      const showKey = idsKey(entry.ids);
      take(this.byKey.get(`shows|${showKey}`));
      const seasons = Array.isArray(entry.seasons) ? (entry.seasons as NestedSeason[]) : undefined;
      if (!seasons) take(this.byNestedShow.get(showKey));
      for (const season of seasons ?? []) {
        if (!season.episodes) take(this.byKey.get(`shows|${showKey}|s${season.number}`));
        for (const episode of season.episodes ?? []) take(this.byKey.get(`shows|${showKey}|s${season.number}e${String(episode.number)}`));
      }
    }
    for (const id of notFound.ids ?? []) take(this.byKey.get(`history|${id}`));
    return [...found];
  }

  private addNested(record: T, showIds: Ids, seasonNumber: number, episodeNumber: number | undefined, fields: Fields): void {
    const showKey = idsKey(showIds);
    let show = this.nested.get(showKey);
    if (!show) {
      show = { ids: showIds, seasons: [] };
      this.nested.set(showKey, show);
    }
    if (episodeNumber === undefined) {
      show.seasons.push({ number: seasonNumber, ...fields });
      this.remember(`shows|${showKey}|s${seasonNumber}`, record);
    } else {
      let season = show.seasons.find((s) => s.number === seasonNumber && s.episodes !== undefined);
      if (!season) {
        season = { number: seasonNumber, episodes: [] };
        show.seasons.push(season);
      }
      season.episodes?.push({ number: episodeNumber, ...fields });
      this.remember(`shows|${showKey}|s${seasonNumber}e${episodeNumber}`, record);
    }
    const underShow = this.byNestedShow.get(showKey) ?? [];
    underShow.push(record);
    this.byNestedShow.set(showKey, underShow);
  }

  private remember(key: string, record: T): void {
    const records = this.byKey.get(key);
    if (records) records.push(record);
    else this.byKey.set(key, [record]);
  }
}

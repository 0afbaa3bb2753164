/**
 * The library import's records (DESIGN.md §6): what one Plex listing entry becomes before it is stored.
 * Providers build them from PMS answers; the store writes them; digests decide whether a row changed.
 */
/** What a section listing is asked for: movies, shows, or episodes (which also carry their seasons). */
export type ListingKind = 'movie' | 'show' | 'episode';
export type LibraryItemType = 'movie' | 'show' | 'season' | 'episode';
export type LibraryItemState = 'active' | 'missing' | 'deleted';

/** One external id, as the GUID parser found it (`imdb`/`tt0903747`, `tvdb`/`81189`, `plex`/`5d9c…`). */
export interface ExternalIdRow {
  source: string;
  value: string;
}

/** One media part (a file) as PMS lists it under Media[].Part[]. */
export interface MediaFileRecord {
  partId: number;
  mediaId: number;
  plexPath?: string;
  sizeBytes?: number;
  container?: string;
  videoCodec?: string;
  audioCodec?: string;
  resolution?: string;
  /** Parts of the media version this part belongs to. */
  partCount: number;
  durationMs?: number;
}

export interface LibraryRecordBase {
  ratingKey: string;
  title: string;
  sortTitle?: string;
  year?: number;
  summary?: string;
  contentRating?: string;
  studio?: string;
  genres: string[];
  /** `YYYY-MM-DD`. */
  originallyAvailable?: string;
  durationMs?: number;
  guid?: string;
  /** Epoch seconds, as PMS writes them (the watermark compares them). */
  addedAt?: number;
  updatedAt?: number;
  externalIds: ExternalIdRow[];
}

export interface MovieRecord extends LibraryRecordBase {
  type: 'movie';
  files: MediaFileRecord[];
}

export interface ShowRecord extends LibraryRecordBase {
  type: 'show';
  childCount?: number;
  leafCount?: number;
}

/** A season as its episodes name it (parentRatingKey, parentIndex, parentTitle): flat episode listings carry it. */
export interface SeasonRecord {
  type: 'season';
  ratingKey: string;
  showRatingKey: string;
  seasonIndex?: number;
  title: string;
}

export interface EpisodeRecord extends LibraryRecordBase {
  type: 'episode';
  showRatingKey: string;
  seasonRatingKey?: string;
  seasonIndex?: number;
  episodeIndex?: number;
  files: MediaFileRecord[];
}

export type LibraryRecord = MovieRecord | ShowRecord | EpisodeRecord;

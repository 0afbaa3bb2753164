/**
 * The edit to send to Plex: locked text fields, and tag lists with set semantics (add what Stash has and Plex does
 * not, remove what Plex has and Stash no longer does). `preserve_plex_edits` only fills what is empty in Plex. The
 * studio's collection is the one collection watchsync owns: the previous studio's is removed, others stay.
 */
import type { PushedField, SceneMetadata } from './metadata';

export const plexTextFields = ['title', 'titleSort', 'summary', 'originallyAvailableAt', 'studio', 'contentRating'] as const;
export type PlexTextField = (typeof plexTextFields)[number];
export type PlexTagField = 'genre' | 'actor' | 'collection';

/** The Plex item as it is now. */
export interface PlexItemState {
  text: Partial<Record<PlexTextField, string>>;
  genres: string[];
  actors: string[];
  collections: string[];
  userRating?: number;
}

export interface TagChange {
  add: string[];
  remove: string[];
}

export interface PlexEdit {
  /** Values to set, each locked. */
  text: Partial<Record<PlexTextField, string>>;
  tags: Partial<Record<PlexTagField, TagChange>>;
  /** A new user rating (0–10), or undefined to leave it. */
  rating?: number;
}

export interface EditOptions {
  /** Fields to consider (what changed since the last push, or all on a forced push). */
  fields: ReadonlySet<PushedField>;
  preservePlexEdits: boolean;
  /** The collection pushed last time (moved when the studio changes). */
  previousCollection?: string;
}

const textSource: Record<PlexTextField, PushedField> = {
  title: 'title',
  titleSort: 'titleSort',
  summary: 'summary',
  originallyAvailableAt: 'date',
  studio: 'studio',
  contentRating: 'contentRating',
};
const wantedValue: Record<PlexTextField, (m: SceneMetadata) => string | undefined> = {
  title: (m) => m.title,
  titleSort: (m) => m.titleSort,
  summary: (m) => m.summary,
  originallyAvailableAt: (m) => m.date,
  studio: (m) => m.studio,
  contentRating: (m) => m.contentRating,
};

const lower = (names: readonly string[]) => new Set(names.map((n) => n.toLowerCase()));

/** Set semantics, compared case-insensitively as Plex does. */
export function tagChange(current: readonly string[], wanted: readonly string[], preserve: boolean): TagChange {
  if (preserve && current.length > 0) return { add: [], remove: [] };
  const have = lower(current);
  const want = lower(wanted);
  return { add: wanted.filter((n) => !have.has(n.toLowerCase())), remove: current.filter((n) => !want.has(n.toLowerCase())) };
}

export function planPlexEdit(wanted: SceneMetadata, current: PlexItemState, options: EditOptions): PlexEdit {
  const edit: PlexEdit = { text: {}, tags: {} };
  for (const field of plexTextFields) {
    if (!options.fields.has(textSource[field])) continue;
    const value = wantedValue[field](wanted);
    // Stash has nothing: Plex keeps what it shows (a push never wipes a field).
    if (value === undefined) continue;
    const present = current.text[field];
    if (options.preservePlexEdits && present !== undefined && present !== '') continue;
    if (present !== value) edit.text[field] = value;
  }
  const tags = (field: PlexTagField, change: TagChange) => {
    if (change.add.length > 0 || change.remove.length > 0) edit.tags[field] = change;
  };
  if (options.fields.has('tags')) tags('genre', tagChange(current.genres, wanted.tags, options.preservePlexEdits));
  if (options.fields.has('performers')) tags('actor', tagChange(current.actors, wanted.performers, options.preservePlexEdits));
  if (options.fields.has('collection')) {
    const have = lower(current.collections);
    const add = wanted.collection && !have.has(wanted.collection.toLowerCase()) ? [wanted.collection] : [];
    const previous = options.previousCollection;
    const remove =
      previous && previous.toLowerCase() !== wanted.collection?.toLowerCase() && have.has(previous.toLowerCase()) ? [previous] : [];
    if (!(options.preservePlexEdits && current.collections.length > 0)) tags('collection', { add, remove });
  }
  if (options.fields.has('rating') && wanted.rating !== undefined && current.userRating !== wanted.rating) {
    if (!(options.preservePlexEdits && current.userRating !== undefined)) edit.rating = wanted.rating;
  }
  return edit;
}

export function isEmptyEdit(edit: PlexEdit): boolean {
  return Object.keys(edit.text).length === 0 && Object.keys(edit.tags).length === 0 && edit.rating === undefined;
}

/**
 * What Plex should show for a Stash scene (DESIGN.md §7), derived purely from the scene: sanitised text, sort
 * title, date, studio (and the studio's collection), performers as actors, tags as genres, the user rating on
 * Plex's 0–10 scale, and the screenshot to use as poster. Per-field hashes say what changed since the last push.
 */
import { canonicalJson } from '../canonical-json';
import { maxLengths, multiLine, plexDate, singleLine, tagList } from './sanitise';

/** The parts of a Stash scene this module reads (the provider's StashScene fits it). */
export interface SceneInput {
  id: string;
  title?: string | null;
  details?: string | null;
  date?: string | null;
  rating100?: number | null;
  studio?: { name: string } | null;
  performers: ReadonlyArray<{ name: string }>;
  tags: ReadonlyArray<{ name: string }>;
  files: ReadonlyArray<{ path: string; basename: string }>;
  paths: { screenshot?: string | null };
}

export const pushedFields = [
  'title',
  'titleSort',
  'summary',
  'date',
  'studio',
  'contentRating',
  'performers',
  'tags',
  'collection',
  'rating',
  'poster',
] as const;
export type PushedField = (typeof pushedFields)[number];

export interface SceneMetadata {
  title?: string;
  titleSort?: string;
  summary?: string;
  date?: string;
  studio?: string;
  contentRating?: string;
  performers: string[];
  tags: string[];
  /** The studio's collection: a scene moves with its studio. */
  collection?: string;
  /** 0–10 (Plex's scale, two per star); undefined when Stash has no rating. */
  rating?: number;
  /** The screenshot's URL (the image's own hash decides an upload); never a preview video. */
  poster?: string;
}

export interface FieldToggles {
  title: boolean;
  sort_title: boolean;
  summary: boolean;
  date: boolean;
  studio: boolean;
  performers: boolean;
  tags: boolean;
  collection: boolean;
  rating: boolean;
  poster: boolean;
}

export interface MetadataOptions {
  fields: FieldToggles;
  maxTags: number;
  contentRating?: string;
}

const leadingArticle = /^(the|a|an)\s+/i;

/** The quality gate: a scene with none of studio, performers, tags, details or date is between scan and identify. */
export function hasIdentity(scene: SceneInput): boolean {
  return Boolean(
    scene.studio?.name || scene.performers.length > 0 || scene.tags.length > 0 || scene.details?.trim() || plexDate(scene.date),
  );
}

export function sceneMetadata(scene: SceneInput, options: MetadataOptions): SceneMetadata {
  const { fields } = options;
  const title = singleLine(scene.title, maxLengths.title);
  const studio = singleLine(scene.studio?.name, maxLengths.studio);
  const sortTitle = title && leadingArticle.test(title) ? title.replace(leadingArticle, '') : title;
  const screenshot = scene.paths.screenshot ?? undefined;
  return {
    title: fields.title ? title : undefined,
    titleSort: fields.sort_title ? sortTitle : undefined,
    summary: fields.summary ? multiLine(scene.details, maxLengths.summary) : undefined,
    date: fields.date ? plexDate(scene.date) : undefined,
    studio: fields.studio ? studio : undefined,
    contentRating: options.contentRating,
    performers: fields.performers
      ? tagList(
          scene.performers.map((p) => p.name),
          options.maxTags,
        )
      : [],
    tags: fields.tags
      ? tagList(
          scene.tags.map((t) => t.name),
          options.maxTags,
        )
      : [],
    collection: fields.collection ? studio : undefined,
    rating: fields.rating && scene.rating100 !== null && scene.rating100 !== undefined ? Math.round(scene.rating100 / 10) : undefined,
    poster: fields.poster && screenshot && !isVideoPath(screenshot) ? screenshot : undefined,
  };
}

/** Stash's preview/stream/webp paths are videos or animations: never a poster. */
function isVideoPath(url: string): boolean {
  return /\/(preview|stream|webp)(\b|\?|$)|\.(mp4|webm|m3u8|mkv)(\?|$)/i.test(url);
}

export type FieldHashes = Partial<Record<PushedField, string>>;

/**
 * Each field's value as canonical JSON (the poster's is its URL here; the upload compares the image bytes' own
 * hash). The store keeps a hash of each (`hashFields`), never the text.
 */
export function fieldValues(metadata: SceneMetadata): Record<PushedField, string> {
  const values = {} as Record<PushedField, string>;
  for (const field of pushedFields) values[field] = canonicalJson(metadata[field] ?? null);
  return values;
}

/** Fields whose hash differs from what was pushed last (all of them on a first push). */
export function changedFields(now: FieldHashes, pushed: FieldHashes | undefined): PushedField[] {
  return pushedFields.filter((field) => pushed?.[field] !== now[field]);
}

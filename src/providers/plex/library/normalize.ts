/** PMS listing entries → library records (src/domain/library/records.ts). Times stay epoch seconds. */
import { parsePlexGuid } from '../../../domain/guid';
import type {
  EpisodeRecord,
  ExternalIdRow,
  LibraryRecord,
  MediaFileRecord,
  MovieRecord,
  SeasonRecord,
  ShowRecord,
} from '../../../domain/library/records';
import type { ListingKind } from './reader';
import type { LibraryEntry } from './schemas';

export type NormalizedEntry =
  | { ok: true; record: LibraryRecord; season?: SeasonRecord }
  | { ok: false; ratingKey: string; problems: string[] };

/** One entry of a `kind` listing; an entry of another type, or an episode without its show, is reported instead. */
export function normalizeEntry(entry: LibraryEntry, kind: ListingKind): NormalizedEntry {
  if (entry.type !== kind) return { ok: false, ratingKey: entry.ratingKey, problems: [`type "${entry.type}" in a ${kind} listing`] };
  const base = {
    ratingKey: entry.ratingKey,
    title: entry.title,
    sortTitle: entry.titleSort,
    year: entry.year,
    summary: entry.summary || undefined,
    contentRating: entry.contentRating,
    studio: entry.studio,
    genres: (entry.Genre ?? []).map((genre) => genre.tag),
    originallyAvailable: validDate(entry.originallyAvailableAt),
    durationMs: entry.duration,
    guid: entry.guid,
    addedAt: entry.addedAt,
    updatedAt: entry.updatedAt,
    externalIds: externalIdRows([entry.guid, ...(entry.Guid ?? []).map((g) => g.id)]),
  };
  if (kind === 'movie') return { ok: true, record: { ...base, type: 'movie', files: mediaFiles(entry) } satisfies MovieRecord };
  if (kind === 'show')
    return { ok: true, record: { ...base, type: 'show', childCount: entry.childCount, leafCount: entry.leafCount } satisfies ShowRecord };
  if (!entry.grandparentRatingKey) return { ok: false, ratingKey: entry.ratingKey, problems: ['episode without grandparentRatingKey'] };
  const record: EpisodeRecord = {
    ...base,
    type: 'episode',
    showRatingKey: entry.grandparentRatingKey,
    seasonRatingKey: entry.parentRatingKey,
    seasonIndex: entry.parentIndex,
    episodeIndex: entry.index,
    files: mediaFiles(entry),
  };
  const season: SeasonRecord | undefined = entry.parentRatingKey
    ? {
        type: 'season',
        ratingKey: entry.parentRatingKey,
        showRatingKey: entry.grandparentRatingKey,
        seasonIndex: entry.parentIndex,
        title: entry.parentTitle ?? (entry.parentIndex === undefined ? 'Season' : `Season ${entry.parentIndex}`),
      }
    : undefined;
  return { ok: true, record, season };
}

/** Every id any of the GUIDs names, once: imdb/tmdb/tvdb, the plex:// metadata id, HAMA's anidb id. */
export function externalIdRows(guids: readonly (string | undefined)[]): ExternalIdRow[] {
  const rows = new Map<string, ExternalIdRow>();
  const add = (source: string, value: string | number | undefined) => {
    if (value !== undefined) rows.set(`${source}:${value}`, { source, value: String(value) });
  };
  for (const guid of guids) {
    const parsed = parsePlexGuid(guid);
    add('imdb', parsed.ids.imdb);
    add('tmdb', parsed.ids.tmdb);
    add('tvdb', parsed.ids.tvdb);
    add('plex', parsed.plex?.id);
    add('anidb', parsed.anidb);
  }
  return [...rows.values()];
}

function mediaFiles(entry: LibraryEntry): MediaFileRecord[] {
  return (entry.Media ?? []).flatMap((media) =>
    (media.Part ?? []).map((part) => ({
      partId: part.id,
      mediaId: media.id,
      plexPath: part.file,
      sizeBytes: part.size,
      container: part.container ?? media.container,
      videoCodec: media.videoCodec,
      audioCodec: media.audioCodec,
      resolution: media.videoResolution,
      partCount: media.Part?.length ?? 1,
      durationMs: part.duration ?? media.duration,
    })),
  );
}

/** PMS writes `YYYY-MM-DD`; anything else is not stored as a date. */
function validDate(value: string | undefined): string | undefined {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? value : undefined;
}

/**
 * The library import's item writes (DESIGN.md §6): one listing page in one transaction, rows upserted only
 * when their digest changed, and the removal steps (missing after a complete listing, deleted after the
 * retention period). Every statement is keyed by server and ratingKey.
 */
import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { canonicalJson } from '../domain/canonical-json';
import type { LibraryItemType, LibraryRecord, ListingKind, MediaFileRecord, SeasonRecord } from '../domain/library/records';
import { inTransaction } from './db';

const itemTables: Record<LibraryItemType, string> = {
  movie: 'library.movies',
  show: 'library.shows',
  season: 'library.seasons',
  episode: 'library.episodes',
};

/** Tables a listing kind fills: an episode listing names its seasons too. */
export const tablesOfKind: Record<ListingKind, LibraryItemType[]> = { movie: ['movie'], show: ['show'], episode: ['episode', 'season'] };

/** Columns beyond the shared ones, with their SQL types (for jsonb_to_recordset). */
const extraColumns: Record<LibraryItemType, Array<[string, string]>> = {
  movie: [],
  show: [
    ['child_count', 'integer'],
    ['leaf_count', 'integer'],
  ],
  season: [
    ['show_rating_key', 'text'],
    ['season_index', 'integer'],
  ],
  episode: [
    ['show_rating_key', 'text'],
    ['season_rating_key', 'text'],
    ['season_index', 'integer'],
    ['episode_index', 'integer'],
  ],
};

const sharedColumns: Array<[string, string]> = [
  ['rating_key', 'text'],
  ['section_key', 'text'],
  ['title', 'text'],
  ['sort_title', 'text'],
  ['year', 'integer'],
  ['summary', 'text'],
  ['content_rating', 'text'],
  ['studio', 'text'],
  ['genres', 'text[]'],
  ['originally_available', 'date'],
  ['duration_ms', 'bigint'],
  ['guid', 'text'],
  ['plex_added_at', 'timestamptz'],
  ['plex_updated_at', 'timestamptz'],
  ['digest', 'text'],
  ['media_digest', 'text'],
];

/** A media file with the path this machine sees and the rule that mapped it ('unmapped' when none did). */
export interface MappedFile extends MediaFileRecord {
  localPath?: string;
  mapping: string;
}

export type StoredRecord = (LibraryRecord & { files?: MappedFile[] }) | SeasonRecord;

export interface PageWrite {
  serverId: string;
  sectionKey: string;
  runId: string;
  records: StoredRecord[];
}

/**
 * Digest of everything stored from a record but its files, and of its files (with their mapped paths) alone. A
 * replaced file whose item kept its metadata (PMS does not always move `updatedAt` for that) changes the media
 * digest only; other path rules change it too.
 */
export function recordDigests(record: StoredRecord): { digest: string; mediaDigest: string } {
  const { files = [], ...metadata } = record as StoredRecord & { files?: MappedFile[] };
  return { digest: digestOf(metadata), mediaDigest: digestOf(files) };
}

export function digestOf(value: unknown): string {
  return createHash('sha1').update(canonicalJson(value)).digest('base64url');
}

export interface PageCounts {
  added: number;
  updated: number;
  unchanged: number;
}

/** Writes one page's records (and the seasons they name) in one transaction; unchanged rows only get this run's mark. */
export async function writeLibraryPage(db: Pool, page: PageWrite): Promise<PageCounts> {
  const counts: PageCounts = { added: 0, updated: 0, unchanged: 0 };
  if (page.records.length === 0) return counts;
  return inTransaction(db, async (client) => {
    for (const type of ['movie', 'show', 'season', 'episode'] as const) {
      const records = page.records.filter((r) => r.type === type);
      if (records.length === 0) continue;
      const written = await writeItems(client, page, type, records);
      // Seasons ride along with episodes: they are not what the listing counts.
      if (type === 'season') continue;
      counts.added += written.added;
      counts.updated += written.updated;
      counts.unchanged += written.unchanged;
    }
    return counts;
  });
}

async function writeItems(client: PoolClient, page: PageWrite, type: LibraryItemType, records: StoredRecord[]): Promise<PageCounts> {
  const table = itemTables[type];
  // One row per ratingKey (a season is named by each of its episodes).
  const unique = [...new Map(records.map((r) => [r.ratingKey, r])).values()];
  const keys = unique.map((r) => r.ratingKey);
  const { rows: stored } = await client.query<{ rating_key: string; digest: string; media_digest: string; state: string }>(
    `select rating_key, digest, media_digest, state from ${table} where server_id = $1 and rating_key = any($2)`,
    [page.serverId, keys],
  );
  const before = new Map(stored.map((row) => [row.rating_key, row]));
  const changed: Array<{ record: StoredRecord; digest: string; mediaDigest: string; mediaChanged: boolean }> = [];
  const unchangedKeys: string[] = [];
  let added = 0;
  for (const record of unique) {
    const { digest, mediaDigest } = recordDigests(record);
    const previous = before.get(record.ratingKey);
    if (previous && previous.digest === digest && previous.media_digest === mediaDigest && previous.state === 'active') {
      unchangedKeys.push(record.ratingKey);
      continue;
    }
    if (!previous) added += 1;
    changed.push({ record, digest, mediaDigest, mediaChanged: previous?.media_digest !== mediaDigest || previous.state !== 'active' });
  }
  if (unchangedKeys.length > 0)
    await client.query(`update ${table} set seen_run = $3 where server_id = $1 and rating_key = any($2)`, [
      page.serverId,
      unchangedKeys,
      page.runId,
    ]);
  if (changed.length > 0) {
    await upsertItems(
      client,
      page,
      type,
      changed.map((c) => toRow(c.record, page.sectionKey, c.digest, c.mediaDigest)),
    );
    await replaceExternalIds(
      client,
      page.serverId,
      type,
      changed.map((c) => c.record),
    );
    const withNewMedia = changed.filter((c) => c.mediaChanged && 'files' in c.record).map((c) => c.record);
    if (withNewMedia.length > 0) await replaceFiles(client, page, type as 'movie' | 'episode', withNewMedia);
  }
  return { added, updated: changed.length - added, unchanged: unchangedKeys.length };
}

function toRow(record: StoredRecord, sectionKey: string, digest: string, mediaDigest: string): Record<string, unknown> {
  const row: Record<string, unknown> = {
    rating_key: record.ratingKey,
    section_key: sectionKey,
    title: record.title,
    digest,
    media_digest: mediaDigest,
  };
  if (record.type === 'season') return { ...row, genres: [], show_rating_key: record.showRatingKey, season_index: record.seasonIndex };
  Object.assign(row, {
    sort_title: record.sortTitle,
    year: record.year,
    summary: record.summary,
    content_rating: record.contentRating,
    studio: record.studio,
    genres: record.genres,
    originally_available: record.originallyAvailable,
    duration_ms: record.durationMs,
    guid: record.guid,
    plex_added_at: epochToIso(record.addedAt),
    plex_updated_at: epochToIso(record.updatedAt),
  });
  if (record.type === 'show') return { ...row, child_count: record.childCount, leaf_count: record.leafCount };
  if (record.type === 'episode')
    return {
      ...row,
      show_rating_key: record.showRatingKey,
      season_rating_key: record.seasonRatingKey,
      season_index: record.seasonIndex,
      episode_index: record.episodeIndex,
    };
  return row;
}

async function upsertItems(client: PoolClient, page: PageWrite, type: LibraryItemType, rows: Record<string, unknown>[]): Promise<void> {
  const columns = [...sharedColumns, ...extraColumns[type]];
  const names = columns.map(([name]) => name);
  const updates = names.filter((n) => n !== 'rating_key').map((n) => `${n} = excluded.${n}`);
  await client.query(
    `insert into ${itemTables[type]} as t (server_id, ${names.join(', ')}, seen_run, state, missing_since, deleted_at, changed_at)
     select $1, ${names.map((n) => `x.${n}`).join(', ')}, $2, 'active', null, null, now()
     from jsonb_to_recordset($3::jsonb) as x(${columns.map(([n, t]) => `${n} ${t}`).join(', ')})
     on conflict (server_id, rating_key) do update set ${updates.join(', ')},
       seen_run = excluded.seen_run, state = 'active', missing_since = null, deleted_at = null, changed_at = now()`,
    [page.serverId, page.runId, JSON.stringify(rows)],
  );
}

async function replaceExternalIds(client: PoolClient, serverId: string, type: LibraryItemType, records: StoredRecord[]): Promise<void> {
  const keys = records.map((r) => r.ratingKey);
  await client.query('delete from library.external_ids where server_id = $1 and rating_key = any($2)', [serverId, keys]);
  const rows = records.flatMap((r) => ('externalIds' in r ? r.externalIds.map((id) => ({ rating_key: r.ratingKey, ...id })) : []));
  if (rows.length === 0) return;
  await client.query(
    `insert into library.external_ids (server_id, rating_key, item_type, source, value)
     select $1, x.rating_key, $2, x.source, x.value from jsonb_to_recordset($3::jsonb) as x(rating_key text, source text, value text)
     on conflict do nothing`,
    [serverId, type, JSON.stringify(rows)],
  );
}

/** The items' current parts are upserted; parts they no longer have (a replaced file) become missing. */
async function replaceFiles(client: PoolClient, page: PageWrite, type: 'movie' | 'episode', records: StoredRecord[]): Promise<void> {
  const files = records.flatMap((r) =>
    ('files' in r ? (r.files ?? []) : []).map((f) => ({
      part_id: f.partId,
      rating_key: r.ratingKey,
      media_id: f.mediaId,
      plex_path: f.plexPath,
      local_path: f.localPath,
      mapping: f.mapping,
      size_bytes: f.sizeBytes,
      container: f.container,
      video_codec: f.videoCodec,
      audio_codec: f.audioCodec,
      resolution: f.resolution,
      part_count: f.partCount,
      duration_ms: f.durationMs,
    })),
  );
  await client.query(
    `update library.media_files set state = 'missing', missing_since = now(), changed_at = now()
     where server_id = $1 and rating_key = any($2) and state = 'active' and not (part_id = any($3))`,
    [page.serverId, records.map((r) => r.ratingKey), files.map((f) => f.part_id)],
  );
  if (files.length === 0) return;
  const columns =
    'part_id, rating_key, media_id, plex_path, local_path, mapping, size_bytes, container, video_codec, audio_codec, resolution, part_count, duration_ms';
  const updates = columns
    .split(', ')
    .filter((c) => c !== 'part_id')
    .map((c) => `${c} = excluded.${c}`);
  await client.query(
    `insert into library.media_files (server_id, item_type, section_key, ${columns}, state, missing_since, deleted_at, changed_at)
     select $1, $2, $3, ${columns
       .split(', ')
       .map((c) => `x.${c}`)
       .join(', ')}, 'active', null, null, now()
     from jsonb_to_recordset($4::jsonb) as x(part_id bigint, rating_key text, media_id bigint, plex_path text, local_path text,
       mapping text, size_bytes bigint, container text, video_codec text, audio_codec text, resolution text, part_count integer,
       duration_ms bigint)
     on conflict (server_id, part_id) do update set ${updates.join(', ')}, item_type = excluded.item_type,
       section_key = excluded.section_key, state = 'active', missing_since = null, deleted_at = null, changed_at = now()`,
    [page.serverId, type, page.sectionKey, JSON.stringify(files)],
  );
}

export interface SectionKindScope {
  serverId: string;
  sectionKey: string;
  kind: ListingKind;
}

/** Active rows of a section's listing kind, and how many of them `runId` did not list. */
export async function listingCoverage(db: Pool, scope: SectionKindScope, runId: string): Promise<{ active: number; unlisted: number }> {
  const table = itemTables[tablesOfKind[scope.kind][0]!];
  const { rows } = await db.query<{ active: string; unlisted: string }>(
    `select count(*) as active, count(*) filter (where seen_run <> $3) as unlisted
     from ${table} where server_id = $1 and section_key = $2 and state = 'active'`,
    [scope.serverId, scope.sectionKey, runId],
  );
  return { active: Number(rows[0]!.active), unlisted: Number(rows[0]!.unlisted) };
}

/** After a complete listing by `runId`: what it did not list becomes missing, with its files. Returns how many items. */
export async function markUnlistedMissing(db: Pool, scope: SectionKindScope, runId: string): Promise<number> {
  return inTransaction(db, async (client) => {
    let counted = 0;
    for (const [n, type] of tablesOfKind[scope.kind].entries()) {
      const { rows } = await client.query<{ rating_key: string }>(
        `update ${itemTables[type]} set state = 'missing', missing_since = now(), changed_at = now()
         where server_id = $1 and section_key = $2 and state = 'active' and seen_run <> $3 returning rating_key`,
        [scope.serverId, scope.sectionKey, runId],
      );
      if (n === 0) counted = rows.length;
      if (rows.length > 0 && (type === 'movie' || type === 'episode'))
        await client.query(
          `update library.media_files set state = 'missing', missing_since = now(), changed_at = now()
           where server_id = $1 and rating_key = any($2) and state = 'active'`,
          [scope.serverId, rows.map((r) => r.rating_key)],
        );
    }
    return counted;
  });
}

/** Missing longer than `retentionMs` becomes deleted (items and files). Returns the items per section. */
export async function promoteMissingToDeleted(db: Pool, serverId: string, retentionMs: number): Promise<Record<string, number>> {
  return inTransaction(db, async (client) => {
    const bySection: Record<string, number> = {};
    for (const table of [...Object.values(itemTables), 'library.media_files']) {
      const { rows } = await client.query<{ section_key: string; n: string }>(
        `with promoted as (
           update ${table} set state = 'deleted', deleted_at = now(), changed_at = now()
           where server_id = $1 and state = 'missing' and missing_since <= now() - make_interval(secs => $2::double precision / 1000)
           returning section_key)
         select section_key, count(*) as n from promoted group by section_key`,
        [serverId, retentionMs],
      );
      // Files follow their items; the result counts items (movies, shows, episodes) as the run reports them.
      if (table === 'library.media_files' || table === itemTables.season) continue;
      for (const row of rows) bySection[row.section_key] = (bySection[row.section_key] ?? 0) + Number(row.n);
    }
    return bySection;
  });
}

/** Active files of a section that no path rule mapped. */
export async function countUnmapped(db: Pool, serverId: string, sectionKey: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    `select count(*) as n from library.media_files where server_id = $1 and section_key = $2 and state = 'active' and mapping = 'unmapped'`,
    [serverId, sectionKey],
  );
  return Number(rows[0]!.n);
}

function epochToIso(epochSeconds: number | undefined): string | undefined {
  return epochSeconds === undefined || epochSeconds <= 0 ? undefined : new Date(epochSeconds * 1000).toISOString();
}

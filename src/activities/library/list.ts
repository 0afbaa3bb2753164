/**
 * One section listing, a few pages per activity call (DESIGN.md §6). Each page is normalised, its files
 * mapped to local paths, and written in one transaction; then the cursor is heartbeated, so an activity
 * retried after a worker died resumes at the first page not yet written. Full listings are sorted by
 * `addedAt` (additions during the read land after the cursor); incremental ones newest-`updatedAt` first,
 * stopping at the watermark less the overlap.
 */
import type { Pool } from 'pg';
import { incrementalPage, incrementalThreshold } from '../../domain/library/incremental';
import type { LibraryRecord } from '../../domain/library/records';
import { plexToLocal } from '../../domain/path-mapping';
import { normalizeEntry } from '../../providers/plex/library/normalize';
import type { ListingPage } from '../../providers/plex/library/reader';
import { listingCoverage, type MappedFile, type StoredRecord, writeLibraryPage } from '../../store/library-items';
import { recordListing, unstoredCount } from '../../store/library-servers';
import type { LibraryServer } from './servers';
import type { ListCounts, ListCursor, ListRequest, ListResult } from './types';

/** The first page of an incremental listing is small: on a quiet library it is the only one. */
const incrementalFirstPage = 50;

export interface ListDeps {
  db: Pool;
  server: LibraryServer;
  /** Where skipped entries are reported (the activity's log). */
  warn(meta: Record<string, unknown>, message: string): void;
  /** Called after each written page with the cursor to resume from. */
  heartbeat(cursor: ListCursor): void;
}

export async function listPages(deps: ListDeps, request: ListRequest): Promise<ListResult> {
  const { listing } = request;
  let cursor = request.cursor;
  for (let pages = 0; pages < request.maxPages; pages++) {
    if (cursor.total !== undefined && cursor.start >= cursor.total) break;
    const incremental = listing.mode === 'incremental';
    const size = incremental && cursor.start === 0 ? Math.min(incrementalFirstPage, request.pageSize) : request.pageSize;
    if (listing.mode === 'show' && cursor.start === 0) cursor = withCounts(cursor, await writeShowItself(deps, request));
    const page = await readPage(deps.server, request, cursor.start, size);
    let entries = page.entries;
    let reachedThreshold = false;
    if (incremental) {
      const threshold = incrementalThreshold(listing.watermark ?? 0, request.overlapSeconds);
      const check = incrementalPage(
        page.entries.map((e) => e.updatedAt),
        threshold,
        cursor.lastUpdatedAt,
      );
      if (!check.sorted) return { cursor, done: true, needsFull: 'unsorted' };
      entries = entries.slice(0, check.fresh);
      reachedThreshold = check.reachedThreshold;
      cursor = { ...cursor, lastUpdatedAt: check.last };
    }
    const counts = await writeEntries(deps, request, entries, page);
    const newest = Math.max(cursor.newest ?? 0, ...entries.map((e) => e.updatedAt ?? 0));
    cursor = {
      ...withCounts(cursor, counts),
      start: cursor.start + page.received,
      // A listing whose total moved while it was read may have skipped entries: it names no missing item.
      stable: cursor.stable && (cursor.total === undefined || cursor.total === page.total),
      total: cursor.total ?? page.total,
      newest: newest > 0 ? newest : cursor.newest,
    };
    deps.heartbeat(cursor);
    if (reachedThreshold || page.received === 0)
      return finish(deps, request, cursor, page.received === 0 && cursor.start < (cursor.total ?? 0));
  }
  const done = cursor.total !== undefined && cursor.start >= cursor.total;
  return done ? finish(deps, request, cursor, false) : { cursor, done: false };
}

function readPage(server: LibraryServer, request: ListRequest, start: number, size: number): Promise<ListingPage> {
  const { listing, section } = request;
  if (listing.mode === 'show') return server.reader.showEpisodesPage(listing.showRatingKey!, { start, size });
  const sort = listing.mode === 'incremental' ? 'updatedAt:desc' : 'addedAt';
  return server.reader.sectionPage(section.key, listing.kind, { start, size, sort });
}

function withCounts(cursor: ListCursor, counts: ListCounts): ListCursor {
  const sum = cursor.counts;
  return {
    ...cursor,
    counts: {
      added: sum.added + counts.added,
      updated: sum.updated + counts.updated,
      unchanged: sum.unchanged + counts.unchanged,
      skipped: sum.skipped + counts.skipped,
    },
  };
}

async function writeShowItself(deps: ListDeps, request: ListRequest): Promise<ListCounts> {
  const page = await deps.server.reader.item(request.listing.showRatingKey!);
  return writeEntries(deps, { ...request, listing: { ...request.listing, kind: 'show' } }, page.entries, page);
}

async function writeEntries(deps: ListDeps, request: ListRequest, entries: ListingPage['entries'], page: ListingPage): Promise<ListCounts> {
  const records: StoredRecord[] = [];
  let skipped = 0;
  for (const entry of page.skipped) {
    skipped += 1;
    deps.warn(
      { server: request.serverId, section: request.section.key, ratingKey: entry.ratingKey, problems: entry.problems },
      'skipped a library item that fails its schema',
    );
  }
  for (const entry of entries) {
    const normalized = normalizeEntry(entry, request.listing.kind);
    if (!normalized.ok) {
      skipped += 1;
      deps.warn(
        { server: request.serverId, section: request.section.key, ratingKey: normalized.ratingKey, problems: normalized.problems },
        'skipped a library item',
      );
      continue;
    }
    records.push(mapFiles(deps.server, request.section, normalized.record));
    if (normalized.season) records.push(normalized.season);
  }
  const counts = await writeLibraryPage(deps.db, {
    serverId: request.serverId,
    sectionKey: request.section.key,
    runId: request.runId,
    records,
  });
  return { ...counts, skipped };
}

function mapFiles(server: LibraryServer, section: { key: string; title: string }, record: LibraryRecord): StoredRecord {
  if (record.type === 'show') return record;
  const scope = { server: server.config.id, libraryKey: section.key, libraryTitle: section.title };
  const files: MappedFile[] = record.files.map((file) => {
    if (file.plexPath === undefined) return { ...file, mapping: 'unmapped' };
    const mapped = plexToLocal(server.rules, file.plexPath, scope);
    return mapped.mapped
      ? { ...file, localPath: mapped.path, mapping: mapped.label }
      : { ...file, localPath: file.plexPath, mapping: 'unmapped' };
  });
  return { ...record, files };
}

/**
 * The end of a listing. An incremental one checks PMS's count of the section against the active rows: a
 * difference means items went away (or came in unseen), which only a full listing can tell apart. A complete
 * listing moves the watermark; a full one's missing items are the reconcile step's.
 */
async function finish(deps: ListDeps, request: ListRequest, cursor: ListCursor, cutShort: boolean): Promise<ListResult> {
  const { listing } = request;
  const stable = cursor.stable && !cutShort;
  const result = { cursor: { ...cursor, stable }, done: true };
  if (listing.mode === 'show') return result;
  if (listing.mode === 'incremental') {
    const scope = { serverId: request.serverId, sectionKey: request.section.key, kind: listing.kind };
    const { active } = await listingCoverage(deps.db, scope, request.runId);
    const unstored = await unstoredCount(deps.db, request.serverId, request.section.key, listing.kind);
    if (cursor.total !== active + unstored) return { ...result, needsFull: 'count-changed' };
  }
  const watermark = Math.max(listing.watermark ?? 0, cursor.newest ?? 0) || undefined;
  await recordListing(deps.db, request.serverId, request.section.key, listing.kind, listing.mode, watermark);
  return result;
}

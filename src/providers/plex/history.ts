/**
 * The history index: the user's PMS plays as domain plays. Rows are read completely (a page failing
 * throws), filtered to the user's accountID, then each distinct item is described once: items are read
 * `pmsBatchSize` per request (their shows likewise), with at most `historyWorkers` PMS reads in flight.
 * PMS stores times in epoch seconds; plays leave here in ISO UTC.
 */
import type { IsoUtc, Play } from '../../domain/items';
import { epochSecondsFromIso, toIsoUtc } from '../../domain/time';
import { type PlexContext, pmsHost } from './context';
import { type Description, describeItem } from './describe';
import type { GuidFallback } from './fallback-guid';
import type { ItemFilters, Skipped } from './filters';
import type { Hydrator } from './hydrate';
import { readIdentity } from './identity';
import { pmsPageSize } from './listing';
import { mediaTypeOf } from './normalize';
import { readAllPages } from './paging';
import { fetchPmsItems, pmsBatchSize } from './pms-items';
import { chunk, mapBounded } from './pool';
import { type PmsHistoryRow, pmsAccountsSchema, pmsHistorySchema } from './schemas';

export interface HistoryIndexOptions extends ItemFilters {
  /** PMS accountID of the user; else found from `username`; else the account of the token. */
  accountId?: number;
  username?: string;
  /** Only these library sections (all when empty). */
  sectionIds?: readonly number[];
  /** Add items marked watched in the library as plays (add-only). */
  includeMarkedWatched?: boolean;
  /** Only plays at or after this time (ISO UTC): an incremental read. */
  since?: IsoUtc;
}

/** A play with the PMS item it was of (writes and unscrobbles need the ratingKey). */
export interface PlexPlay extends Play {
  ratingKey: string;
  /** `history`: a PMS play row; `marked_watched`: the item's watched flag and lastViewedAt. */
  source: 'history' | 'marked_watched';
}

export interface HistoryIndex {
  plays: PlexPlay[];
  skipped: Skipped[];
  /** Always true: a read that cannot finish throws instead of returning. */
  complete: true;
}

export interface HistoryDeps {
  hydrator: Hydrator;
  fallback: GuidFallback | undefined;
}

async function readHistoryRows(ctx: PlexContext, accountId: number, options: HistoryIndexOptions): Promise<PmsHistoryRow[]> {
  const sections = options.sectionIds && options.sectionIds.length > 0 ? new Set(options.sectionIds) : undefined;
  const since = epochSecondsFromIso(options.since);
  const rows = await readAllPages({
    transport: ctx.transport,
    host: pmsHost(ctx),
    request: {
      path: '/status/sessions/history/all',
      // `viewedAt>=` is PMS's inclusive comparison: the query key carries the operator.
      query: { accountID: accountId, 'viewedAt>': since, librarySectionID: sections && [...sections].join(','), sort: 'viewedAt:asc' },
    },
    schema: pmsHistorySchema,
    entries: (body) => body.MediaContainer.Metadata,
    pageSize: pmsPageSize,
  });
  // The server filtered already; checking again keeps a server that ignores a filter from leaking other users' plays.
  return rows.filter(
    (row) =>
      row.accountID === accountId &&
      (since === undefined || row.viewedAt >= since) &&
      (!sections || (row.librarySectionID !== undefined && sections.has(Number(row.librarySectionID)))),
  );
}

async function resolveAccountId(ctx: PlexContext, options: Pick<HistoryIndexOptions, 'accountId' | 'username'>): Promise<number> {
  if (options.accountId !== undefined) return options.accountId;
  if (options.username !== undefined) {
    const { data } = await ctx.transport.get(pmsHost(ctx), { path: '/accounts' }, pmsAccountsSchema);
    const wanted = options.username.toLowerCase();
    const account = (data.MediaContainer.Account ?? []).find((a) => a.id !== 0 && a.name.toLowerCase() === wanted);
    if (!account) throw new Error(`the Plex Media Server lists no account named ${options.username}`);
    return account.id;
  }
  const { accountId } = await readIdentity(ctx);
  if (accountId === undefined) throw new Error('the Plex Media Server does not list the account of the token');
  return accountId;
}

/**
 * One description per distinct ratingKey. Each worker reads a batch of items, then the shows of its
 * episodes not read yet, then describes the batch one item at a time (so fallback lookups stay bounded
 * by the workers too): at most `historyWorkers` PMS reads in flight.
 */
async function describeRows(
  ctx: PlexContext,
  deps: HistoryDeps,
  rows: ReadonlyArray<PmsHistoryRow & { ratingKey: string }>,
  filters: ItemFilters,
): Promise<Map<string, Description>> {
  const firstRowOf = new Map<string, PmsHistoryRow & { ratingKey: string }>();
  for (const row of rows) if (!firstRowOf.has(row.ratingKey)) firstRowOf.set(row.ratingKey, row);
  const batches = chunk([...firstRowOf.values()], pmsBatchSize);
  const described = await mapBounded(batches, ctx.options.historyWorkers, (batch) => describeBatch(ctx, deps, batch, filters));
  return new Map(described.flat());
}

async function describeBatch(
  ctx: PlexContext,
  deps: HistoryDeps,
  batch: ReadonlyArray<PmsHistoryRow & { ratingKey: string }>,
  filters: ItemFilters,
): Promise<Array<[string, Description]>> {
  const items = await fetchPmsItems(
    ctx,
    batch.map((row) => row.ratingKey),
  );
  await deps.hydrator.loadShows(items.values());
  const described: Array<[string, Description]> = [];
  for (const row of batch) {
    const item = items.get(row.ratingKey);
    described.push([row.ratingKey, item ? await describeItem(deps.hydrator, item, filters) : await describeVanished(deps, row)]);
  }
  return described;
}

/** The item went away between listing and reading: only the row's own fields are left for the fallback. */
async function describeVanished(deps: HistoryDeps, row: PmsHistoryRow): Promise<Description> {
  const type = mediaTypeOf(row.type);
  const notFound: Description = { skip: { ratingKey: row.ratingKey, title: row.title, reason: 'not_found' } };
  if (!type || !deps.fallback) return notFound;
  const year = row.originallyAvailableAt ? Number(row.originallyAvailableAt.slice(0, 4)) : undefined;
  const subject = {
    type,
    title: row.title,
    ...(type === 'movie' && year ? { year } : {}),
    ...(type === 'episode' ? { showTitle: row.grandparentTitle, season: row.parentIndex, episode: row.index } : {}),
  };
  const ids = await deps.fallback.resolve(subject);
  if (!ids) return notFound;
  const numbered = type === 'episode' && row.parentIndex !== undefined && row.index !== undefined;
  return { item: { type, title: row.title, ids, ...(numbered ? { season: row.parentIndex, episode: row.index } : {}) } };
}

/** History rows only; the client merges the marked-watched layer and de-duplicates. */
export async function historyRowPlays(
  ctx: PlexContext,
  deps: HistoryDeps,
  options: HistoryIndexOptions,
): Promise<Omit<HistoryIndex, 'complete'>> {
  const accountId = await resolveAccountId(ctx, options);
  const skipped: Skipped[] = [];
  const describable: Array<PmsHistoryRow & { ratingKey: string }> = [];
  for (const row of await readHistoryRows(ctx, accountId, options)) {
    if (row.ratingKey === undefined) skipped.push({ title: row.title, reason: 'deleted_media' });
    else if (row.type !== 'movie' && row.type !== 'episode')
      skipped.push({ ratingKey: row.ratingKey, title: row.title, reason: 'not_video' });
    else describable.push({ ...row, ratingKey: row.ratingKey });
  }
  const descriptions = await describeRows(ctx, deps, describable, options);
  const plays: PlexPlay[] = [];
  for (const row of describable) {
    const description = descriptions.get(row.ratingKey);
    const watched_at = toIsoUtc(row.viewedAt);
    if (description && 'item' in description && watched_at)
      plays.push({ item: description.item, watched_at, ratingKey: row.ratingKey, source: 'history' });
  }
  for (const description of descriptions.values()) if ('skip' in description) skipped.push(description.skip);
  return { plays, skipped };
}

/** Same item at the same second is one play (PMS records some plays twice); then oldest first. */
export function dedupeAndSort(plays: readonly PlexPlay[]): PlexPlay[] {
  const unique = new Map<string, PlexPlay>();
  for (const play of plays) {
    const key = `${play.ratingKey}|${play.watched_at}`;
    if (!unique.has(key)) unique.set(key, play);
  }
  return [...unique.values()].sort(
    (a, b) => a.watched_at.localeCompare(b.watched_at) || a.ratingKey.localeCompare(b.ratingKey, 'en', { numeric: true }),
  );
}

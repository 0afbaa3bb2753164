import type { Pool } from 'pg';
import type { Config } from '../../config';
import type { Feature, MinimalItem, Play, Rating, WatchlistEntry } from '../../domain/items';
import { canonicalKey } from '../../domain/keys';
import { ItemIndex } from '../../domain/match';
import { unpairedViewings, viewings } from '../../domain/plan/history';
import type { ItemRecord } from '../../domain/plan/types';
import { isoToEpochMs, toIsoUtc } from '../../domain/time';
import type { PlexClient, WriteResult } from '../../providers/plex';
import { classifyTraktError, type TraktClient, type TraktPlay, type TraktWriteResult } from '../../providers/trakt';
import { finishChunk, loadChunk, markChunkSending, type StoredChunk } from '../../store/plans';
import { freeze, thawKeys } from '../../store/unresolved';
import { recordKey } from './commit';
import type { ChunkOutcome } from './types';

export interface ApplyRequest {
  pairId: string;
  feature: Feature;
  planId: number;
  chunkNo: number;
  provider: 'plex' | 'trakt';
  toleranceMs: number;
}

export interface ApplyDeps {
  db: Pool;
  config: Config;
  plex: () => Promise<PlexClient>;
  trakt: () => TraktClient;
  /** Called between Plex items so a long chunk keeps its heartbeat. */
  heartbeat: (details?: unknown) => void;
}

/** An outcome plus whether the destination refused for an account limit (Trakt 420): the feature stops there. */
export type ApplyOutcome = ChunkOutcome & { accountLimit: boolean };

const keyOf = (record: ItemRecord) => canonicalKey(record.item) ?? JSON.stringify(record.item.ids);

/**
 * DESIGN.md §4 steps 3–4 for one chunk. A chunk already done returns its stored outcome; a chunk that may have
 * been sent before (status `sending`: the worker died mid-request) is checked against the destination first, so a
 * retry never duplicates a play. Items the destination does not know are frozen as unresolved.
 */
export async function applyChunk(deps: ApplyDeps, request: ApplyRequest): Promise<ApplyOutcome> {
  const chunk = await loadChunk<ItemRecord>(deps.db, request.planId, request.chunkNo);
  if (chunk.status === 'done' || chunk.status === 'skipped') {
    const { failedKeys: _stored, ...outcome } = chunk.result as ChunkResult;
    return outcome;
  }
  const { failedKeys, ...outcome } =
    request.provider === 'trakt' ? await applyToTrakt(deps, request, chunk) : await applyToPlex(deps, request, chunk);
  // The failed keys stay in the store for the commit step; the workflow only sees counts.
  await finishChunk(deps.db, request.planId, request.chunkNo, 'done', { ...outcome, failedKeys });
  return outcome;
}

type ChunkResult = ApplyOutcome & { failedKeys: string[] };

async function settle(
  deps: ApplyDeps,
  request: ApplyRequest,
  chunk: StoredChunk<ItemRecord>,
  failed: { record: ItemRecord; reason: string }[],
  applied: ItemRecord[],
) {
  await freeze(
    deps.db,
    failed.map(({ record, reason }) => ({
      pairId: request.pairId,
      feature: request.feature,
      destination: chunk.destination,
      itemKey: keyOf(record),
      record,
      reason,
    })),
  );
  await thawKeys(deps.db, request.pairId, request.feature, chunk.destination, applied.map(keyOf));
}

async function applyToTrakt(deps: ApplyDeps, request: ApplyRequest, chunk: StoredChunk<ItemRecord>): Promise<ChunkResult> {
  const trakt = deps.trakt();
  let records = chunk.records;
  let existing = 0;
  if (chunk.status === 'sending' && request.feature === 'history' && chunk.op === 'add') {
    records = await playsNotYetOnTrakt(trakt, records as Play[], request.toleranceMs);
    existing = chunk.records.length - records.length;
  }
  if (request.feature === 'history' && chunk.op === 'remove' && records.some((r) => (r as TraktPlay).historyId === undefined)) {
    // Without its history id Trakt would remove every play of the title: find the exact plays first.
    records = await tracePlaysOnTrakt(trakt, records as Play[], request.toleranceMs);
  }
  await markChunkSending(deps.db, request.planId, request.chunkNo);
  const options = { numberFallback: deps.config.trakt.number_fallback };
  let result: TraktWriteResult<unknown>;
  try {
    result = await writeTrakt(trakt, request.feature, chunk.op, records, {
      ...options,
      addToCollection: deps.config.trakt.add_to_collection,
    });
  } catch (error) {
    const kind = classifyTraktError(error).kind;
    if (kind !== 'account_limit' && kind !== 'invalid') throw error;
    // Permanent for these items: freeze them with the reason, and let the workflow decide about the rest.
    const reason = kind === 'account_limit' ? `account_limit: ${(error as Error).message}` : `invalid: ${(error as Error).message}`;
    await settle(
      deps,
      request,
      chunk,
      records.map((record) => ({ record, reason })),
      [],
    );
    return { applied: 0, existing, unresolved: records.length, accountLimit: kind === 'account_limit', failedKeys: records.map(recordKey) };
  }
  // Trakt names what it did not match by the object sent: the record, or for removals by title its item.
  const notFound = new Set<unknown>(result.notFound);
  const failed = records
    .filter((r) => notFound.has(r) || notFound.has(r.item))
    .map((record) => ({ record, reason: 'not_found: Trakt does not know this title' }));
  const failedRecords = new Set(failed.map((f) => f.record));
  await settle(
    deps,
    request,
    chunk,
    failed,
    records.filter((r) => !failedRecords.has(r)),
  );
  return {
    applied: result.added + result.updated + result.deleted,
    existing: existing + result.existing,
    unresolved: failed.length,
    accountLimit: false,
    failedKeys: failed.map((f) => recordKey(f.record)),
  };
}

function writeTrakt(
  trakt: TraktClient,
  feature: Feature,
  op: 'add' | 'remove',
  records: readonly ItemRecord[],
  options: { numberFallback: boolean; addToCollection: boolean },
): Promise<TraktWriteResult<unknown>> {
  const items = records.map((r) => r.item as MinimalItem);
  switch (`${feature}:${op}`) {
    case 'history:add':
      // The records themselves, not copies: Trakt's not_found comes back as the objects sent.
      return trakt.addHistory(records as Play[], options);
    case 'history:remove':
      return trakt.removeHistory(records as TraktPlay[], options);
    case 'ratings:add':
      return trakt.upsertRatings(records as Rating[], options);
    case 'ratings:remove':
      return trakt.removeRatings(items, options);
    case 'watchlist:add':
      return trakt.addWatchlist(records as WatchlistEntry[], options);
    default:
      return trakt.removeWatchlist(items, options);
  }
}

/** Reads the chunk's window of Trakt history and keeps only the plays not already there (within tolerance). */
async function playsNotYetOnTrakt(trakt: TraktClient, plays: Play[], toleranceMs: number): Promise<Play[]> {
  if (plays.length === 0) return plays;
  const presentByItem = await traktPlaysAround(trakt, plays, toleranceMs);
  const byTitle = new Map<string, Play[]>();
  for (const play of plays) byTitle.set(keyOf(play), [...(byTitle.get(keyOf(play)) ?? []), play]);
  return [...byTitle.values()].flatMap((ofTitle) => {
    const there = presentByItem.find(ofTitle[0]!.item);
    return unpairedViewings(viewings(ofTitle), viewings(there), toleranceMs).onlyA.map((v) => v.representative);
  });
}

/** Trakt's plays of these titles in the window the plays span (plus the tolerance), by title. */
async function traktPlaysAround(trakt: TraktClient, plays: readonly Play[], toleranceMs: number): Promise<ItemIndex<TraktPlay>> {
  const times = plays.map((p) => isoToEpochMs(p.watched_at) ?? 0);
  const startAt = toIsoUtc(Math.min(...times) - toleranceMs)!;
  const endAt = toIsoUtc(Math.max(...times) + toleranceMs)!;
  const present = await trakt.historyFor(
    plays.map((p) => p.item),
    startAt,
    endAt,
  );
  return new ItemIndex<TraktPlay>((play) => play.item, present);
}

/**
 * The Trakt plays (with their history ids) that the plays to remove stand for: for each, the nearest unclaimed
 * play of the same title within the tolerance. Plays no longer on Trakt are dropped: nothing left to remove.
 */
async function tracePlaysOnTrakt(trakt: TraktClient, plays: Play[], toleranceMs: number): Promise<TraktPlay[]> {
  const byItem = await traktPlaysAround(trakt, plays, toleranceMs);
  const claimed = new Set<TraktPlay>();
  return plays.flatMap((play) => {
    const at = Date.parse(play.watched_at);
    const nearest = byItem
      .find(play.item)
      .filter((there) => !claimed.has(there) && Math.abs(Date.parse(there.watched_at) - at) <= toleranceMs)
      .sort((a, b) => Math.abs(Date.parse(a.watched_at) - at) - Math.abs(Date.parse(b.watched_at) - at))[0];
    if (!nearest) return [];
    claimed.add(nearest);
    return [nearest];
  });
}

async function applyToPlex(deps: ApplyDeps, request: ApplyRequest, chunk: StoredChunk<ItemRecord>): Promise<ChunkResult> {
  const plex = await deps.plex();
  // Plex is written item by item; progress is kept so a retried chunk resumes after the last confirmed item.
  const progress = (chunk.result as { done?: number; applied?: number; failedKeys?: string[] } | null) ?? {};
  let done = progress.done ?? 0;
  let applied = progress.applied ?? 0;
  await markChunkSending(deps.db, request.planId, request.chunkNo);
  const failed: { record: ItemRecord; reason: string }[] = [];
  const succeeded: ItemRecord[] = [];
  for (const record of chunk.records.slice(done)) {
    if (request.feature === 'history' && chunk.op === 'add') await spaceFromLastEcho(deps.db, request.pairId, record as Play);
    const result = await writePlex(plex, request.feature, chunk.op, record);
    if (result.status === 'written') {
      applied++;
      succeeded.push(record);
      if (request.feature === 'history' && chunk.op === 'add') await recordEcho(deps.db, request.pairId, record as Play, result.at);
    } else failed.push({ record, reason: `${result.status}: ${result.reason}` });
    done++;
    await finishProgress(deps.db, request, {
      done,
      applied,
      failedKeys: [...(progress.failedKeys ?? []), ...failed.map((f) => recordKey(f.record))],
    });
    deps.heartbeat({ done });
  }
  await settle(deps, request, chunk, failed, succeeded);
  const failedKeys = [...(progress.failedKeys ?? []), ...failed.map((f) => recordKey(f.record))];
  return { applied, existing: 0, unresolved: failedKeys.length, accountLimit: false, failedKeys };
}

function writePlex(plex: PlexClient, feature: Feature, op: 'add' | 'remove', record: ItemRecord): Promise<WriteResult> {
  const target = 'ratingKey' in record ? { ratingKey: String((record as { ratingKey: string }).ratingKey) } : record.item;
  switch (`${feature}:${op}`) {
    case 'history:add':
      return plex.markWatched(record.item);
    case 'history:remove':
      return plex.markUnwatched(target);
    case 'ratings:add':
      return plex.rate(record.item, (record as Rating).rating);
    case 'ratings:remove':
      return plex.rate(target, null);
    case 'watchlist:add':
      return plex.addToWatchlist(record.item);
    default:
      return plex.removeFromWatchlist(record.item);
  }
}

async function finishProgress(
  db: Pool,
  request: ApplyRequest,
  progress: { done: number; applied: number; failedKeys: string[] },
): Promise<void> {
  await db.query('update plan_chunks set result = $3, updated_at = now() where plan_id = $1 and chunk_no = $2', [
    request.planId,
    request.chunkNo,
    JSON.stringify(progress),
  ]);
}

/**
 * PMS records a scrobble at "now" in whole seconds, and two plays of one title in one second read back as one:
 * a second play of a title waits until a second has passed since the last one watchsync wrote.
 */
async function spaceFromLastEcho(db: Pool, pairId: string, play: Play): Promise<void> {
  const { rows } = await db.query<{ last: Date | null }>(
    'select max(written_at) as last from plex_play_echoes where pair_id = $1 and item_key = $2',
    [pairId, canonicalKey(play.item) ?? ''],
  );
  const waitMs = (rows[0]?.last?.getTime() ?? 0) + 1_000 - Date.now();
  if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
}

/** PMS stamps a scrobble "now": remember which play it stands for, so the next run does not copy it back. */
async function recordEcho(db: Pool, pairId: string, play: Play, writtenAt: string): Promise<void> {
  await db.query(
    'insert into plex_play_echoes (pair_id, item_key, written_at, origin_watched_at) values ($1, $2, $3, $4) on conflict do nothing',
    [pairId, canonicalKey(play.item) ?? '', writtenAt, play.watched_at],
  );
}

import type { Pool } from 'pg';
import type { Config } from '../../config';
import type { Feature, MinimalItem, Play, Rating, WatchlistEntry } from '../../domain/items';
import { itemKey, recordKey } from '../../domain/keys';
import { unresolvedKeysOf } from '../../domain/plan/frozen';
import { playsNotIn, playWindow, tracePlays } from '../../domain/plan/trace';
import type { ItemRecord, Side } from '../../domain/plan/types';
import type { PlexClient, WriteResult } from '../../providers/plex';
import { classifyTraktError, type TraktClient, type TraktPlay, type TraktWriteResult, type WriteOptions } from '../../providers/trakt';
import {
  closeForAccountLimit,
  finishChunk,
  isClosedForAccountLimit,
  loadChunk,
  markChunkSending,
  type StoredChunk,
  saveChunkProgress,
} from '../../store/plans';
import { lastEchoAt, recordEcho } from '../../store/plex-echoes';
import { freeze, thawKeys, unresolvedAt } from '../../store/unresolved';
import type { ChunkOutcome, RunScope } from './types';

export interface ApplyRequest extends RunScope {
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

/** Frozen titles, as `settle` freezes them (one per title, however many of its plays failed). */
const titlesOf = (records: readonly ItemRecord[]) => new Set(records.map((r) => itemKey(r.item))).size;

/**
 * DESIGN.md §4 steps 3–4 for one chunk. A chunk already done returns its stored outcome; a chunk that may have
 * been sent before (status `sending`: the worker died mid-request) is checked against the destination first, so a
 * retry never duplicates a play. Items the destination does not know are frozen as unresolved.
 */
export async function applyChunk(deps: ApplyDeps, request: ApplyRequest): Promise<ApplyOutcome> {
  const chunk = await loadChunk<ItemRecord>(deps.db, request.planId, request.chunkNo);
  if (chunk.status === 'done') {
    const { failedKeys: _stored, ...outcome } = chunk.result as ChunkResult;
    return outcome;
  }
  const { failedKeys, ...outcome } =
    request.provider === 'trakt' ? await applyToTrakt(deps, request, chunk) : await applyToPlex(deps, request, chunk);
  // The failed keys stay in the store for the commit step; the workflow only sees counts.
  await finishChunk(deps.db, request.planId, request.chunkNo, { ...outcome, failedKeys });
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
  await freezeAll(deps, request, chunk.destination, failed);
  // A success thaws its title however the frozen entry named it.
  const unresolved = await unresolvedAt(deps.db, request.pairId, request.feature, chunk.destination);
  const thawed = unresolvedKeysOf(
    unresolved,
    applied.map((record) => record.item),
  );
  await thawKeys(deps.db, request.pairId, request.feature, chunk.destination, thawed);
}

/** Freezes records that failed permanently at a destination, each under its item's key, with the reason. */
function freezeAll(deps: ApplyDeps, request: ApplyRequest, destination: Side, failed: { record: ItemRecord; reason: string }[]) {
  return freeze(
    deps.db,
    failed.map(({ record, reason }) => ({
      pairId: request.pairId,
      feature: request.feature,
      destination,
      itemKey: itemKey(record.item),
      record,
      reason,
    })),
  );
}

async function applyToTrakt(deps: ApplyDeps, request: ApplyRequest, chunk: StoredChunk<ItemRecord>): Promise<ChunkResult> {
  const trakt = deps.trakt();
  let records = chunk.records;
  let existing = 0;
  // The planned record each record sent stands for (a traced play stands for the play planned for removal).
  const planned = new Map<ItemRecord, ItemRecord>(records.map((r) => [r, r]));
  if (chunk.status === 'sending' && request.feature === 'history' && chunk.op === 'add') {
    records = playsNotIn(records as Play[], await traktPlaysAround(trakt, records as Play[], request.toleranceMs), request.toleranceMs);
    existing = chunk.records.length - records.length;
  }
  if (request.feature === 'history' && chunk.op === 'remove' && records.some((r) => (r as TraktPlay).historyId === undefined)) {
    // Without its history id Trakt would remove every play of the title: find the exact plays first.
    const traced = tracePlays(
      records as Play[],
      await traktPlaysAround(trakt, records as Play[], request.toleranceMs),
      request.toleranceMs,
    );
    for (const { play, traced: there } of traced) planned.set(there, play);
    records = traced.map((t) => t.traced);
  }
  const plannedKey = (record: ItemRecord) => recordKey(planned.get(record) ?? record);
  if (!(await markChunkSending(deps.db, request.planId, request.chunkNo))) {
    // Closed meanwhile by a 420 on its list (see closeList): frozen and counted there, nothing to send.
    return (await loadChunk<ItemRecord>(deps.db, request.planId, request.chunkNo)).result as ChunkResult;
  }
  // A 420 closes the list before the next write's turn, and chunks queued behind it then send nothing.
  let unsent = 0;
  const checkTurn = async () => {
    if (chunk.op === 'add' && (await isClosedForAccountLimit(deps.db, request.planId, chunk.destination))) throw new ListClosedError();
  };
  const inTurn = async <T>(send: () => Promise<T>): Promise<T> => {
    if (chunk.op !== 'add') return send();
    try {
      return await send();
    } catch (error) {
      if (classifyTraktError(error).kind === 'account_limit') unsent = await closeList(deps, request, chunk);
      throw error;
    }
  };
  let result: TraktWriteResult<unknown>;
  try {
    result = await writeTrakt(trakt, request.feature, chunk.op, records, {
      numberFallback: deps.config.trakt.number_fallback,
      addToCollection: deps.config.trakt.add_to_collection,
      inTurn,
      checkTurn,
    });
  } catch (error) {
    const kind = error instanceof ListClosedError ? 'account_limit' : classifyTraktError(error).kind;
    if (kind !== 'account_limit' && kind !== 'invalid') throw error;
    // Permanent for these items: freeze them with the reason, and let the workflow decide about the rest.
    const reason = kind === 'account_limit' ? accountLimitReason(error) : `invalid: ${(error as Error).message}`;
    await settle(
      deps,
      request,
      chunk,
      records.map((record) => ({ record, reason })),
      [],
    );
    return {
      applied: 0,
      existing,
      unresolved: titlesOf(records) + unsent,
      accountLimit: kind === 'account_limit',
      failedKeys: records.map(plannedKey),
    };
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
    unresolved: titlesOf(failed.map((f) => f.record)),
    accountLimit: false,
    failedKeys: failed.map((f) => plannedKey(f.record)),
  };
}

const accountLimitReason = (error: unknown) => `account_limit: ${(error as Error).message}`;

/** Sent nothing: an earlier chunk of this run hit Trakt's account limit (420) for this list. */
class ListClosedError extends Error {
  constructor() {
    super("not sent: an earlier request of this run hit Trakt's account limit for this list");
    this.name = 'ListClosedError';
  }
}

/**
 * Closes the chunk's list for the rest of the plan on its first 420 (still in the write turn, so no queued write
 * slips through): every add to it not started yet is frozen as account_limit at once and its chunk done with
 * nothing sent. Returns how many records that froze.
 */
async function closeList(deps: ApplyDeps, request: ApplyRequest, chunk: StoredChunk<ItemRecord>): Promise<number> {
  const reason = accountLimitReason(new ListClosedError());
  // Counted as unresolved by this chunk's outcome; a closed chunk run later reports nothing more.
  const records = await closeForAccountLimit<ItemRecord>(deps.db, request.planId, chunk.destination, (closed) => ({
    applied: 0,
    existing: 0,
    unresolved: 0,
    accountLimit: true,
    failedKeys: closed.map(recordKey),
  }));
  await freezeAll(
    deps,
    request,
    chunk.destination,
    records.map((record) => ({ record, reason })),
  );
  return titlesOf(records);
}

function writeTrakt(
  trakt: TraktClient,
  feature: Feature,
  op: 'add' | 'remove',
  records: readonly ItemRecord[],
  options: WriteOptions & { addToCollection: boolean },
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

/** Trakt's plays of these titles in the window the plays span (plus the tolerance). */
function traktPlaysAround(trakt: TraktClient, plays: readonly Play[], toleranceMs: number): Promise<TraktPlay[]> {
  if (plays.length === 0) return Promise.resolve([]);
  const { startAt, endAt } = playWindow(plays, toleranceMs);
  return trakt.historyFor(
    plays.map((p) => p.item),
    startAt,
    endAt,
  );
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
    if (request.feature === 'history' && chunk.op === 'add') await spaceFromLastEcho(deps.db, request.pairId, record.item);
    const result = await writePlex(plex, request.feature, chunk.op, record);
    if (result.status === 'written') {
      applied++;
      succeeded.push(record);
      if (request.feature === 'history' && chunk.op === 'add') {
        const play = record as Play;
        await recordEcho(deps.db, request.pairId, { itemKey: itemKey(play.item), writtenAt: result.at, originWatchedAt: play.watched_at });
      }
    } else failed.push({ record, reason: `${result.status}: ${result.reason}` });
    done++;
    await saveChunkProgress(deps.db, request.planId, request.chunkNo, {
      done,
      applied,
      failedKeys: [...(progress.failedKeys ?? []), ...failed.map((f) => recordKey(f.record))],
    });
    deps.heartbeat({ done });
  }
  await settle(deps, request, chunk, failed, succeeded);
  const failedKeys = [...(progress.failedKeys ?? []), ...failed.map((f) => recordKey(f.record))];
  return { applied, existing: 0, unresolved: titlesOf(failed.map((f) => f.record)), accountLimit: false, failedKeys };
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

/**
 * PMS records a scrobble at "now" in whole seconds, and two plays of one title in one second read back as one:
 * a second play of a title waits until a second has passed since the last one watchsync wrote.
 */
async function spaceFromLastEcho(db: Pool, pairId: string, item: MinimalItem): Promise<void> {
  const last = await lastEchoAt(db, pairId, itemKey(item));
  const waitMs = (last?.getTime() ?? 0) + 1_000 - Date.now();
  if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
}

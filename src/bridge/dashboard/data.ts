/**
 * What the dashboard shows, read the way the CLI reads it (src/client): pair runs and their progress, schedules,
 * held removals, frozen items, scrobble status, library and Stash state, health. Each part that fails (Temporal
 * down, a query refused) becomes a `Failed` the page shows in place, never a broken page.
 */
import type { Client } from '@temporalio/client';
import { failureTypes } from '../../activities/failures';
import { defaultHeldRemovalsExpireAfterMs } from '../../activities/pair-sync/plan';
import { type HealthReport, healthReport } from '../../client/health-checks';
import { runningLibraryImports } from '../../client/library-progress';
import { lastEndedPairRun, runningPairRun } from '../../client/pair-runs';
import { pairRunOutcome } from '../../client/progress';
import { type PairScheduleState, pairSchedule } from '../../client/schedules';
import { type ServerStatus, scrobbleStatuses } from '../../client/scrobble-status';
import { type StashStatus, stashStatus } from '../../client/stash-status';
import { workflowUrl } from '../../client/temporal';
import { describeRecord } from '../../client/unresolved-table';
import { type WaitingNow, waitingOf } from '../../client/waiting';
import type { Config } from '../../config';
import { redactText } from '../../secrets';
import type { Pool } from '../../store/db';
import { heldRemovalsOf } from '../../store/held-removals';
import { libraryStats, type SectionStats, type UnmappedFile, unmappedFiles } from '../../store/library-queries';
import { chunkResults } from '../../store/plans';
import { listGaps, type StashGap } from '../../store/stash-gaps';
import { traktTokenExpiry } from '../../store/trakt-tokens';
import { listUnresolved, type UnresolvedItem } from '../../store/unresolved';
import type { FeatureSummary, PairSyncPhase } from '../../workflows/pair-sync-api';
import { pairWorkflowId, progressQuery } from '../../workflows/pair-sync-api';

export interface DashboardSources {
  config: Config;
  client: Client;
  db: Pool;
  /** How long a page waits for Temporal before it shows what it has (default 10 s): the SDK would retry for longer. */
  readDeadlineMs?: number;
}

/** Runs a page's reads with a deadline on every Temporal call they make. */
export function withReadDeadline<T>(sources: DashboardSources, read: () => Promise<T>): Promise<T> {
  return sources.client.connection.withDeadline(Date.now() + (sources.readDeadlineMs ?? 10_000), read);
}

/** A part of a page that could not be read, and why. */
export interface Failed {
  failed: string;
}

export type Part<T> = T | Failed;

export const isFailed = (part: unknown): part is Failed => typeof part === 'object' && part !== null && 'failed' in part;

async function part<T>(read: () => Promise<T>): Promise<Part<T>> {
  try {
    return await read();
  } catch (error) {
    return { failed: redactText(error instanceof Error ? error.message : String(error)) };
  }
}

/** One removal held back by a guard, as the run would write it. */
export interface HeldItem {
  destination: string;
  title: string;
}

export type PairState =
  | { kind: 'never-run' }
  | { kind: 'green' }
  | { kind: 'failed'; cause: string }
  | { kind: 'running'; phase: PairSyncPhase; plan: boolean }
  | { kind: 'awaiting-approval'; removals: number }
  | { kind: 'retrying'; causes: WaitingNow[] };

export interface PairView {
  id: string;
  source: string;
  target: string;
  state: PairState;
  running?: { startTime: Date; startedBy?: string; plan: boolean; url: string };
  lastRun?: { startTime: Date; closeTime?: Date; status: string; dryRun: boolean; url: string; failure?: string };
  /** Per feature: the running run's counts, else the last run's. */
  features: FeatureSummary[];
  held: { planId: number; removals: number; items: HeldItem[]; expiresAt?: Date } | undefined;
  schedule: Part<PairScheduleState | undefined>;
}

/** How many held items a page lists (the counts are always complete). */
const heldItemsShown = 500;

/** The plan's held removals, named by the service they would be removed from. */
async function heldItems(db: Pool, planId: number, sides: { source: string; target: string }): Promise<HeldItem[]> {
  const chunks = await chunkResults(db, planId);
  return chunks
    .filter((chunk) => chunk.needsApproval && chunk.op === 'remove')
    .flatMap((chunk) => chunk.records.map((record) => ({ destination: sides[chunk.destination], title: describeRecord(record) ?? '?' })))
    .slice(0, heldItemsShown);
}

function stateOf(view: Omit<PairView, 'state'>, waiting: WaitingNow[], phase: PairSyncPhase | undefined): PairState {
  if (view.held) return { kind: 'awaiting-approval', removals: view.held.removals };
  if (waiting.length > 0) return { kind: 'retrying', causes: waiting };
  if (view.running) return { kind: 'running', phase: phase ?? 'starting', plan: view.running.plan };
  if (!view.lastRun) return { kind: 'never-run' };
  if (view.lastRun.failure || view.lastRun.status !== 'COMPLETED')
    return { kind: 'failed', cause: view.lastRun.failure ?? view.lastRun.status };
  return { kind: 'green' };
}

export async function readPair(sources: DashboardSources, pairId: string): Promise<PairView> {
  const { config, client, db } = sources;
  const pair = config.pairs.find((p) => p.id === pairId);
  if (!pair) throw new Error(`no pair "${pairId}" in the config`);
  const [running, last, schedule, heldSince] = await Promise.all([
    runningPairRun(client, pairId),
    lastEndedPairRun(client, pairId),
    part(() => pairSchedule(client, pairId)),
    heldRemovalsOf(db, pairId),
  ]);
  const [progress, outcome] = await Promise.all([
    // The run may end between describe and query: then it is shown as the last run on the next load.
    running?.handle.query(progressQuery).catch(() => undefined),
    last ? pairRunOutcome(last.handle) : undefined,
  ]);
  const waiting = running ? await waitingOf(running.handle, progress?.waiting) : [];
  const approval = progress?.awaitingApproval;
  const expireAfterMs = running?.input.heldRemovalsExpireAfterMs ?? defaultHeldRemovalsExpireAfterMs;
  const firstHeld = heldSince.map((h) => h.heldSince.getTime()).sort((a, b) => a - b)[0];
  const view: Omit<PairView, 'state'> = {
    id: pairId,
    source: pair.source,
    target: pair.target,
    running: running && {
      startTime: running.startTime,
      startedBy: running.input.startedBy,
      plan: running.input.dryRun === true,
      url: workflowUrl(config, pairWorkflowId(pairId), running.runId),
    },
    lastRun: last && {
      startTime: last.startTime,
      closeTime: last.closeTime,
      status: last.status,
      dryRun: outcome?.result?.dryRun ?? false,
      url: workflowUrl(config, pairWorkflowId(pairId), last.runId),
      failure: outcome?.failure,
    },
    features: progress?.features ?? outcome?.result?.features ?? [],
    held: approval && {
      ...approval,
      items: await heldItems(db, approval.planId, pair),
      expiresAt: firstHeld === undefined ? undefined : new Date(firstHeld + expireAfterMs),
    },
    schedule,
  };
  return { ...view, state: stateOf(view, waiting, progress?.phase) };
}

export function readPairs(sources: DashboardSources): Promise<Part<PairView>[]> {
  return Promise.all(sources.config.pairs.map((p) => part(() => readPair(sources, p.id))));
}

/** A failed feature's error names its failure type first ("AccountChanged: …", "AuthFailed: …"). */
const featureErrorsOf = (features: FeatureSummary[], type: string) =>
  features.flatMap((f) => (f.error?.startsWith(`${type}:`) ? [`${f.feature}: ${f.error.slice(type.length + 1).trim()}`] : []));

export interface AttentionView {
  pairs: Part<PairView>[];
  frozen: Part<UnresolvedItem[]>;
  /** Pairs whose Plex or Trakt token now belongs to another account than the one they sync. */
  accountChanged: { pairId: string; errors: string[] }[];
  trakt: { account: string; expiresAt: Part<Date | undefined>; refused: { pairId: string; errors: string[] }[] };
}

export async function readAttention(sources: DashboardSources): Promise<AttentionView> {
  const [pairs, frozen, expiresAt] = await Promise.all([
    readPairs(sources),
    part(() => listUnresolved(sources.db, {})),
    part(() => traktTokenExpiry(sources.db, sources.config.trakt.account)),
  ]);
  const ended = pairs.filter((p): p is PairView => !isFailed(p));
  const byType = (type: string) =>
    ended.map((p) => ({ pairId: p.id, errors: featureErrorsOf(p.features, type) })).filter((p) => p.errors.length > 0);
  return {
    pairs,
    frozen,
    accountChanged: byType(failureTypes.accountChanged),
    trakt: { account: sources.config.trakt.account, expiresAt, refused: byType(failureTypes.auth) },
  };
}

export function readNowPlaying(sources: DashboardSources): Promise<Part<ServerStatus[]>> {
  return part(() => scrobbleStatuses(sources.client, sources.config.temporal.task_queue));
}

/** How many unmapped paths and gaps a page lists (with their totals). */
const listedPaths = 50;

export interface LibraryView {
  imports: Part<Awaited<ReturnType<typeof runningLibraryImports>>>;
  sections: Part<SectionStats[]>;
  unmapped: Part<{ total: number; files: UnmappedFile[] }>;
  stash: Part<StashStatus> | undefined;
  gaps: Part<{ total: number; byKind: Record<string, number>; listed: StashGap[] }> | undefined;
}

export async function readLibrary(sources: DashboardSources): Promise<LibraryView> {
  const { config, client, db } = sources;
  const stashOn = config.stash.enabled;
  const [imports, sections, unmapped, stash, gaps] = await Promise.all([
    part(() => runningLibraryImports(client, config.temporal.task_queue)),
    part(() => libraryStats(db)),
    part(() => unmappedFiles(db, undefined, listedPaths)),
    stashOn ? part(() => stashStatus(client, config, db)) : undefined,
    stashOn
      ? part(async () => {
          const all = await listGaps(db);
          const byKind: Record<string, number> = {};
          for (const gap of all) byKind[gap.kind] = (byKind[gap.kind] ?? 0) + 1;
          return { total: all.length, byKind, listed: all.slice(0, listedPaths) };
        })
      : undefined,
  ]);
  return { imports, sections, unmapped, stash, gaps };
}

export function readHealth(sources: DashboardSources): Promise<HealthReport> {
  return healthReport(sources.config, sources.db);
}

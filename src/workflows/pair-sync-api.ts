/**
 * The contract of the `pairSync` workflow (DESIGN.md §4): its type name, ID, input, result, query, update and
 * signal, and the metadata every run carries in the Temporal UI. Shared by the workflow, the activities that
 * report to it, the CLI, the schedule and the demo, so no caller names them by string. Plain JSON throughout.
 */
import { defineSearchAttributeKey, type SearchAttributePair } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Feature } from '../domain/items';
import type { GuardVerdict, SyncMode, Threshold } from '../domain/plan/types';

export const pairSyncWorkflowType = 'pairSync';

const idPrefix = 'pair-sync/';

/** The one ID every run of a pair executes under: Temporal keeps at most one open execution per ID. */
export function pairWorkflowId(pairId: string): string {
  return `${idPrefix}${pairId}`;
}

/** The pair's Temporal Schedule (schedule IDs and workflow IDs are separate names, so it can be the same). */
export const pairScheduleId = pairWorkflowId;

/** The pair of a schedule ID, or undefined for schedules that are not watchsync pair syncs. */
export function pairOfSchedule(scheduleId: string): string | undefined {
  return scheduleId.startsWith(idPrefix) ? scheduleId.slice(idPrefix.length) : undefined;
}

export const pairSearchAttribute = defineSearchAttributeKey('WatchsyncPair', 'KEYWORD');
export const kindSearchAttribute = defineSearchAttributeKey('WatchsyncKind', 'KEYWORD');
export const pairSyncKind = 'pair-sync';

export function pairSyncSearchAttributes(pairId: string): SearchAttributePair[] {
  return [
    { key: pairSearchAttribute, value: pairId },
    { key: kindSearchAttribute, value: pairSyncKind },
  ];
}

export interface PairSyncInput {
  pairId: string;
  /** Index and plan only: nothing is written, baselines are not moved. */
  dryRun?: boolean;
  /** Only these of the pair's configured features (all when absent). */
  features?: Feature[];
  /** How long held removals wait in this run for `watchsync approve`/`reject`; unanswered, they are held again next run. */
  approvalTimeoutMs?: number;
  /** How long removals may stay held without a decision, across runs, before they are dropped as expired (7 days). */
  heldRemovalsExpireAfterMs?: number;
  /** Back-off of every activity; retries are unbounded while a service is down. */
  retry?: { initialIntervalMs?: number; maximumIntervalMs?: number };
  /** How soon an activity whose worker died is given to another worker (default 30 s). */
  heartbeatTimeoutMs?: number;
  /** Chunks in flight at once (Trakt's own rate limit is enforced on its task queue). */
  chunkConcurrency?: number;
  shrink?: Threshold;
  removalApproval?: Threshold;
  /** Who started the run (CLI, schedule, demo), for the UI; absent for `temporal workflow start`. */
  startedBy?: string;
}

export interface DirectionSummary {
  added: number;
  removed: number;
  existing: number;
  unresolved: number;
  /** Removals held for approval and not approved: the next run plans and holds them again. */
  held: number;
  /** Held removals `watchsync reject` dropped for good. */
  rejected: number;
  /** Held removals dropped because they waited past `heldRemovalsExpireAfterMs` without a decision. */
  expired: number;
}

export type FeatureStatus = 'synced' | 'planned' | 'account_limit' | 'failed';

export interface FeatureSummary {
  feature: Feature;
  status: FeatureStatus;
  planId?: number;
  guards: GuardVerdict[];
  toTarget: DirectionSummary;
  toSource: DirectionSummary;
  conflicts: number;
  unidentified: number;
  frozen: number;
  /** History plays held back until the next run: a live scrobble of their item was in flight (see plan.ts). */
  inFlight: number;
  error?: string;
}

export interface PairSyncResult {
  pairId: string;
  dryRun: boolean;
  features: FeatureSummary[];
  /** Set when this start did not run the pair because a run of it was already going (a scheduled start). */
  skipped?: string;
}

export type PairSyncPhase = 'starting' | 'indexing' | 'planning' | 'awaiting-approval' | 'applying' | 'committing' | 'done' | 'cancelled';

/** Why an activity of the run is being retried: what a user needs to see while a service is down. */
export interface WaitingCause {
  activityId: string;
  /** e.g. "trakt", "plex", "postgresql". */
  service: string;
  status?: number;
  endpoint?: string;
  /** The failure type (`Http500`, `NetworkError`, `RateLimited`, ...). */
  type: string;
  message: string;
  /** When this activity first failed with this cause (ISO). */
  since: string;
  /** The attempt that failed. */
  attempt: number;
}

export interface PairSyncProgress {
  phase: PairSyncPhase;
  feature?: Feature;
  /** Items written (or checked) so far in this feature's apply phase, of `total`. */
  done: number;
  total: number;
  features: FeatureSummary[];
  /** Set while held removals wait for approval. */
  awaitingApproval?: { planId: number; removals: number };
  /** Activities being retried against a failing service, and why. */
  waiting?: WaitingCause[];
  /** The last cause a retried activity reported: what a cancelled run was waiting on. */
  lastFailure?: WaitingCause;
}

export const progressQuery = defineQuery<PairSyncProgress>('progress');
/** `watchsync approve <pair>`: applies the removals the guard held back in the plan now waiting. */
export const approveUpdate = defineUpdate<{ planId: number; removals: number }, []>('approve');
/** `watchsync reject <pair>`: drops them for good; the sides they came from become the baseline as they are. */
export const rejectUpdate = defineUpdate<{ planId: number; removals: number }, []>('reject');
/** Sent by an activity of the run when an attempt failed and will be retried, so progress can say why it waits. */
export const activityFailingSignal = defineSignal<[WaitingCause]>('activityFailing');

/** Failure type of a run that ended with at least one failed feature; its details hold the PairSyncResult. */
export const pairSyncFailedType = 'PairSyncFailed';

export const defaultApprovalTimeoutMs = 24 * 3600_000;

/**
 * Activities heartbeat every 5 s while they run (waiting for Trakt's write turn or a rate limit included), and the
 * worker sends heartbeats on at least as often: 30 s without one means the worker is gone, and its activity is
 * retried elsewhere. Runs started before this was lowered keep the 2 minutes they were scheduled with.
 */
export const defaultHeartbeatTimeoutMs = 30_000;

/** What the UI shows of a run: a one-line summary and markdown details. */
export interface RunMetadata {
  staticSummary: string;
  staticDetails: string;
}

export interface PairShape {
  source: string;
  target: string;
  mode: SyncMode;
  features: Feature[];
}

export function pairSyncMetadata(input: Pick<PairSyncInput, 'pairId' | 'dryRun' | 'features' | 'startedBy'>, pair: PairShape): RunMetadata {
  const features = input.features ? pair.features.filter((f) => input.features!.includes(f)) : pair.features;
  const run = input.dryRun ? 'dry run (plan only, writes nothing)' : 'real run (writes)';
  return {
    staticSummary: `${input.dryRun ? 'plan' : 'sync'} ${input.pairId}: ${pair.source} → ${pair.target} ${pair.mode}, ${features.join(' + ') || 'no features'}`,
    staticDetails: [
      `**pair** ${input.pairId}`,
      `**direction** ${pair.source} → ${pair.target} (${pair.mode})`,
      `**features** ${features.join(', ') || '(none)'}`,
      `**run** ${run}`,
      `**started by** ${input.startedBy ?? 'unknown (e.g. temporal workflow start)'}`,
    ].join('\n'),
  };
}

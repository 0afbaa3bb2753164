import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { ApplyOutcome, ChunkDescriptor, PairDescription, PairSyncActivities, PlanRef, SnapshotRef } from '../activities/pair-sync';
import type { Feature } from '../domain/items';
import type { GuardVerdict, Threshold } from '../domain/plan/types';
import { traktWriteQueue } from './queues';

export interface PairSyncInput {
  pairId: string;
  /** Index and plan only: nothing is written, baselines are not moved. */
  dryRun?: boolean;
  /** Only these of the pair's configured features (all when absent). */
  features?: Feature[];
  /** How long held removals wait for `watchsync approve` before they are skipped. */
  approvalTimeoutMs?: number;
  /** Back-off of every activity; retries are unbounded while a service is down. */
  retry?: { initialIntervalMs?: number; maximumIntervalMs?: number };
  /** How soon an activity whose worker died is given to another worker (default 2 minutes). */
  heartbeatTimeoutMs?: number;
  /** Chunks in flight at once (Trakt's own rate limit is enforced on its task queue). */
  chunkConcurrency?: number;
  shrink?: Threshold;
  removalApproval?: Threshold;
}

export interface DirectionSummary {
  added: number;
  removed: number;
  existing: number;
  unresolved: number;
  /** Removals held for approval and not approved. */
  held: number;
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
  error?: string;
}

export interface PairSyncResult {
  pairId: string;
  dryRun: boolean;
  features: FeatureSummary[];
}

export type PairSyncPhase = 'starting' | 'indexing' | 'planning' | 'awaiting-approval' | 'applying' | 'committing' | 'done';

export interface PairSyncProgress {
  phase: PairSyncPhase;
  feature?: Feature;
  /** Items written (or checked) so far in this feature's apply phase, of `total`. */
  done: number;
  total: number;
  features: FeatureSummary[];
  /** Set while held removals wait for approval. */
  awaitingApproval?: { planId: number; removals: number };
}

export const progressQuery = defineQuery<PairSyncProgress>('progress');
/** `watchsync approve <pair>`: applies the removals the guard held back in the plan now waiting. */
export const approveUpdate = defineUpdate<{ planId: number; removals: number }, []>('approve');

export const defaultApprovalTimeoutMs = 24 * 3600_000;

const emptyDirection = (): DirectionSummary => ({ added: 0, removed: 0, existing: 0, unresolved: 0, held: 0 });

/** DESIGN.md §4: per feature, index both sides → plan against the baselines → apply in chunks → commit. */
export async function pairSync(input: PairSyncInput): Promise<PairSyncResult> {
  const progress: PairSyncProgress = { phase: 'starting', done: 0, total: 0, features: [] };
  let approvedPlan: number | undefined;
  setHandler(progressQuery, () => progress);
  setHandler(
    approveUpdate,
    () => {
      const waiting = progress.awaitingApproval!;
      approvedPlan = waiting.planId;
      return waiting;
    },
    {
      validator: () => {
        if (!progress.awaitingApproval) throw new Error('no removals are waiting for approval in this run');
      },
    },
  );

  const retry = {
    initialInterval: input.retry?.initialIntervalMs ?? 1_000,
    maximumInterval: input.retry?.maximumIntervalMs ?? 5 * 60_000,
    backoffCoefficient: 2,
    // No maximumAttempts: unbounded while a service is down. Permanent failures are non-retryable instead.
  };
  const heartbeatTimeout = input.heartbeatTimeoutMs ?? 2 * 60_000;
  const activities = proxyActivities<PairSyncActivities>({ startToCloseTimeout: '30 minutes', heartbeatTimeout, retry });
  const traktWrites = proxyActivities<PairSyncActivities>({
    taskQueue: traktWriteQueue(workflowInfo().taskQueue),
    startToCloseTimeout: '10 minutes',
    heartbeatTimeout,
    retry,
  });

  const pair = await activities.describePair(input.pairId);
  const wanted = pair.features.filter((f) => !input.features || input.features.includes(f.feature));
  // A one-way source is never written: all its features are read at once, while earlier features apply.
  const sourceIndexes = new Map<Feature, Promise<SnapshotRef>>();
  if (pair.mode === 'one-way') {
    for (const { feature } of wanted) {
      const indexing = activities.indexSide({ pairId: pair.pairId, side: 'source', provider: pair.source, feature });
      indexing.catch(() => undefined); // Awaited (and its failure reported) in that feature's turn.
      sourceIndexes.set(feature, indexing);
    }
  }
  for (const spec of wanted) {
    const summary: FeatureSummary = {
      feature: spec.feature,
      status: input.dryRun ? 'planned' : 'synced',
      guards: [],
      toTarget: emptyDirection(),
      toSource: emptyDirection(),
      conflicts: 0,
      unidentified: 0,
      frozen: 0,
    };
    progress.features.push(summary);
    progress.feature = spec.feature;
    progress.done = 0;
    progress.total = 0;
    try {
      await syncFeature(pair, spec, summary);
    } catch (error) {
      // A feature that cannot go on (auth, configuration) is reported; the next feature still runs.
      if (!(error instanceof ActivityFailure)) throw error;
      summary.status = 'failed';
      summary.error = error.cause instanceof ApplicationFailure ? `${error.cause.type}: ${error.cause.message}` : error.message;
    }
  }
  progress.phase = 'done';
  progress.feature = undefined;
  return { pairId: input.pairId, dryRun: input.dryRun ?? false, features: progress.features };

  async function syncFeature(pair: PairDescription, spec: PairDescription['features'][number], summary: FeatureSummary): Promise<void> {
    progress.phase = 'indexing';
    const index = (side: 'source' | 'target') =>
      activities.indexSide({ pairId: pair.pairId, side, provider: pair[side], feature: spec.feature });
    const [source, target]: SnapshotRef[] = await Promise.all([sourceIndexes.get(spec.feature) ?? index('source'), index('target')]);

    progress.phase = 'planning';
    const plan: PlanRef = await activities.planSync({
      pairId: pair.pairId,
      feature: spec.feature,
      mode: pair.mode,
      add: spec.add,
      remove: spec.remove,
      toleranceMs: pair.toleranceMs,
      ratingConflictWinner: pair.ratingConflictWinner,
      source: source!,
      target: target!,
      destinations: { source: pair.source, target: pair.target },
      shrink: input.shrink,
      removalApproval: input.removalApproval,
    });
    Object.assign(summary, {
      planId: plan.planId,
      guards: plan.guards,
      conflicts: plan.conflicts,
      unidentified: plan.unidentified,
      frozen: plan.frozen,
    });
    summary.toTarget.held = plan.toTarget.held;
    summary.toSource.held = plan.toSource.held;
    if (input.dryRun) {
      summary.toTarget.added = plan.toTarget.add;
      summary.toTarget.removed = plan.toTarget.remove;
      summary.toSource.added = plan.toSource.add;
      summary.toSource.removed = plan.toSource.remove;
      return;
    }

    const held = plan.toTarget.held + plan.toSource.held;
    if (held > 0) {
      progress.phase = 'awaiting-approval';
      progress.awaitingApproval = { planId: plan.planId, removals: held };
      await condition(() => approvedPlan === plan.planId, input.approvalTimeoutMs ?? defaultApprovalTimeoutMs);
      progress.awaitingApproval = undefined;
      if (approvedPlan === plan.planId) {
        summary.toTarget.held = 0;
        summary.toSource.held = 0;
      }
    }

    progress.phase = 'applying';
    const chunks = plan.chunks.filter((c) => !c.needsApproval || approvedPlan === plan.planId);
    progress.total = chunks.reduce((n, c) => n + c.size, 0);
    const stopped = new Set<string>();
    const wroteTo = new Set<'source' | 'target'>();
    await inParallel(chunks, input.chunkConcurrency ?? 4, async (chunk) => {
      if (stopped.has(chunk.destination)) return;
      const outcome = await applyChunk(pair.pairId, spec.feature, plan.planId, chunk, pair.toleranceMs);
      const direction = chunk.destination === 'target' ? summary.toTarget : summary.toSource;
      if (chunk.op === 'add') direction.added += outcome.applied;
      else direction.removed += outcome.applied;
      direction.existing += outcome.existing;
      direction.unresolved += outcome.unresolved;
      progress.done += chunk.size;
      if (outcome.applied > 0) wroteTo.add(chunk.destination);
      if (outcome.accountLimit) {
        // Trakt refused for an account limit (420): the rest would be refused too; no retry storm.
        stopped.add(chunk.destination);
        summary.status = 'account_limit';
      }
    });

    progress.phase = 'committing';
    await activities.commitSync({ planId: plan.planId, providers: { source: pair.source, target: pair.target }, wroteTo: [...wroteTo] });
  }

  function applyChunk(
    pairId: string,
    feature: Feature,
    planId: number,
    chunk: ChunkDescriptor,
    toleranceMs: number,
  ): Promise<ApplyOutcome> {
    const request = { pairId, feature, planId, chunkNo: chunk.chunkNo, provider: chunk.provider, toleranceMs };
    return chunk.provider === 'trakt' ? traktWrites.applySyncChunk(request) : activities.applySyncChunk(request);
  }
}

/** Runs `work` over `items` with at most `limit` in flight, in order of start. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
}

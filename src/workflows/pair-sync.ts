import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  ActivityFailure,
  ApplicationFailure,
  ChildWorkflowFailure,
  condition,
  isCancellation,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { ApplyOutcome, ChunkDescriptor, PairDescription, PairSyncActivities, PlanRef, SnapshotRef } from '../activities/pair-sync';
import type { Feature } from '../domain/items';
import {
  activityFailingSignal,
  approveUpdate,
  type DirectionSummary,
  defaultApprovalTimeoutMs,
  defaultHeartbeatTimeoutMs,
  type FeatureSummary,
  type PairSyncInput,
  type PairSyncProgress,
  type PairSyncResult,
  pairSearchAttribute,
  pairSyncFailedType,
  pairSyncMetadata,
  pairSyncSearchAttributes,
  pairWorkflowId,
  progressQuery,
  rejectUpdate,
  type WaitingCause,
} from './pair-sync-api';
import { traktWriteQueue } from './queues';

export type * from './pair-sync-api';
export { approveUpdate, defaultApprovalTimeoutMs, defaultHeartbeatTimeoutMs, progressQuery, rejectUpdate } from './pair-sync-api';

/**
 * Runs started before this patch keep their command sequence on replay. With it: a start under another ID (a
 * Schedule's `pair-sync/<pair>-<timestamp>`, `temporal workflow start --workflow-id x`) hands over to the pair's
 * own ID; activities carry IDs and UI summaries; search attributes are set on every run; a failed feature fails
 * the run; a cancelled run records what it was waiting on.
 */
const readableRunsPatch = 'pair-sync-one-id-readable-runs';

/** Runs started before it keep the 2-minute heartbeat timeout they scheduled their activities with. */
const heartbeat30sPatch = 'pair-sync-heartbeat-timeout-30s';
const heartbeatTimeoutBefore30sMs = 2 * 60_000;

/** Runs started before it count unresolved titles per chunk, so a title whose plays span two chunks counts twice. */
const distinctUnresolvedPatch = 'pair-sync-unresolved-distinct-titles';

const emptyDirection = (): DirectionSummary => ({ added: 0, removed: 0, existing: 0, unresolved: 0, held: 0, rejected: 0, expired: 0 });

/** DESIGN.md §4: per feature, index both sides → plan against the baselines → apply in chunks → commit. */
export async function pairSync(input: PairSyncInput): Promise<PairSyncResult> {
  const readable = patched(readableRunsPatch);
  const progress: PairSyncProgress = { phase: 'starting', done: 0, total: 0, features: [] };
  let approvedPlan: number | undefined;
  let rejectedPlan: number | undefined;
  const waiting = new Map<string, WaitingCause>();
  setHandler(progressQuery, () => progress);
  const decide = (record: (planId: number) => void) => () => {
    const held = progress.awaitingApproval!;
    record(held.planId);
    return held;
  };
  const onlyWhileWaiting = {
    validator: () => {
      if (!progress.awaitingApproval) throw new Error(`no removals are waiting for approval in this run (phase: ${progress.phase})`);
    },
  };
  setHandler(
    approveUpdate,
    decide((planId) => {
      approvedPlan = planId;
    }),
    onlyWhileWaiting,
  );
  setHandler(
    rejectUpdate,
    decide((planId) => {
      rejectedPlan = planId;
    }),
    onlyWhileWaiting,
  );
  setHandler(activityFailingSignal, (cause) => {
    if (!readable) return;
    waiting.set(cause.activityId, cause);
    progress.waiting = [...waiting.values()];
    progress.lastFailure = cause;
  });

  const retry = {
    initialInterval: input.retry?.initialIntervalMs ?? 1_000,
    maximumInterval: input.retry?.maximumIntervalMs ?? 5 * 60_000,
    backoffCoefficient: 2,
    // No maximumAttempts: unbounded while a service is down. Permanent failures are non-retryable instead.
  };
  const heartbeatTimeout =
    input.heartbeatTimeoutMs ?? (patched(heartbeat30sPatch) ? defaultHeartbeatTimeoutMs : heartbeatTimeoutBefore30sMs);
  const mainOptions = { startToCloseTimeout: '30 minutes', heartbeatTimeout, retry } as const;
  const writeOptions = { ...mainOptions, taskQueue: traktWriteQueue(workflowInfo().taskQueue), startToCloseTimeout: '10 minutes' } as const;
  const activities = proxyActivities<PairSyncActivities>(mainOptions);
  const traktWrites = proxyActivities<PairSyncActivities>(writeOptions);

  /** One activity call; in patched runs with a readable ID and UI summary, and its waiting cause cleared when it settles. */
  function call<T>(queue: 'main' | 'trakt-writes', activityId: string, summary: string, run: (a: PairSyncActivities) => Promise<T>) {
    if (!readable) return run(queue === 'main' ? activities : traktWrites);
    const proxy = proxyActivities<PairSyncActivities>({ ...(queue === 'main' ? mainOptions : writeOptions), activityId, summary });
    return run(proxy).finally(() => {
      if (waiting.delete(activityId)) progress.waiting = [...waiting.values()];
    });
  }

  let pair: PairDescription;
  try {
    pair = await call('main', 'describe-pair', `read pair ${input.pairId} from the worker's config`, (a) => a.describePair(input.pairId));
  } catch (error) {
    // The cause (e.g. `no pair "main" in the config`) is the run's failure, not the generic "Activity task failed".
    if (readable && error instanceof ActivityFailure) throw ApplicationFailure.nonRetryable(causeOf(error), pairSyncFailedType);
    throw error;
  }
  if (readable && !workflowInfo().typedSearchAttributes.get(pairSearchAttribute)) {
    // Started without them (`temporal workflow start`): the UI's search by pair must still find the run.
    upsertSearchAttributes(pairSyncSearchAttributes(input.pairId));
  }
  if (readable && workflowInfo().workflowId !== pairWorkflowId(input.pairId)) return runUnderPairId(input, pair);

  const wanted = pair.features.filter((f) => !input.features || input.features.includes(f.feature));
  const index = (side: 'source' | 'target', feature: Feature) =>
    call('main', `index/${side}/${feature}`, `index ${pair[side]} (${side}) · ${feature}`, (a) =>
      a.indexSide({ pairId: pair.pairId, side, provider: pair[side], feature, fingerprint: pair.fingerprint }),
    );
  // A one-way source is never written: all its features are read at once, while earlier features apply.
  const sourceIndexes = new Map<Feature, Promise<SnapshotRef>>();
  if (pair.mode === 'one-way') {
    for (const { feature } of wanted) {
      const indexing = index('source', feature);
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
      inFlight: 0,
    };
    progress.features.push(summary);
    progress.feature = spec.feature;
    progress.done = 0;
    progress.total = 0;
    try {
      await syncFeature(pair, spec, summary);
    } catch (error) {
      if (readable && isCancellation(error)) throw cancelled(error);
      // A feature that cannot go on (auth, configuration) is reported; the next feature still runs.
      if (!(error instanceof ActivityFailure)) throw error;
      summary.status = 'failed';
      summary.error = causeOf(error);
    }
  }
  progress.phase = 'done';
  progress.feature = undefined;
  const result: PairSyncResult = { pairId: input.pairId, dryRun: input.dryRun ?? false, features: progress.features };
  const failed = result.features.filter((f) => f.status === 'failed');
  if (readable && failed.length > 0) {
    // Failed in the UI (red) and for every caller, with each feature's cause; the summary rides along.
    throw ApplicationFailure.create({
      type: pairSyncFailedType,
      message: `pair ${input.pairId}: ${failed.length} of ${result.features.length} features failed; ${failed.map((f) => `${f.feature}: ${f.error}`).join('; ')}`,
      details: [result],
      nonRetryable: true,
    });
  }
  return result;

  /** Records what the run was waiting on when it was cancelled (the memo outlives the run), then lets it end cancelled. */
  function cancelled(error: unknown): unknown {
    progress.phase = 'cancelled';
    if (progress.lastFailure) upsertMemo({ cancelledWhileWaitingOn: describeWaitingCause(progress.lastFailure) });
    return error;
  }

  async function syncFeature(pair: PairDescription, spec: PairDescription['features'][number], summary: FeatureSummary): Promise<void> {
    progress.phase = 'indexing';
    const [source, target]: SnapshotRef[] = await Promise.all([
      sourceIndexes.get(spec.feature) ?? index('source', spec.feature),
      index('target', spec.feature),
    ]);

    progress.phase = 'planning';
    const plan: PlanRef = await call('main', `plan/${spec.feature}`, `plan ${spec.feature}`, (a) =>
      a.planSync({
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
        ...(input.dryRun ? { dryRun: true } : {}),
        ...(input.heldRemovalsExpireAfterMs !== undefined ? { heldRemovalsExpireAfterMs: input.heldRemovalsExpireAfterMs } : {}),
        fingerprint: pair.fingerprint,
      }),
    );
    Object.assign(summary, {
      planId: plan.planId,
      guards: plan.guards,
      conflicts: plan.conflicts,
      unidentified: plan.unidentified,
      frozen: plan.frozen,
      // Plans stored before this field existed have none.
      inFlight: plan.inFlight ?? 0,
    });
    summary.toTarget.held = plan.toTarget.held;
    summary.toSource.held = plan.toSource.held;
    // Plans stored before expiry existed have none.
    summary.toTarget.expired = plan.toTarget.expired ?? 0;
    summary.toSource.expired = plan.toSource.expired ?? 0;
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
      await condition(
        () => approvedPlan === plan.planId || rejectedPlan === plan.planId,
        input.approvalTimeoutMs ?? defaultApprovalTimeoutMs,
      );
      progress.awaitingApproval = undefined;
      if (rejectedPlan === plan.planId) {
        summary.toTarget.rejected = summary.toTarget.held;
        summary.toSource.rejected = summary.toSource.held;
      }
      if (approvedPlan === plan.planId || rejectedPlan === plan.planId) {
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
      const outcome = await applyChunk(pair, spec.feature, plan.planId, chunk);
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
    const committed = await call('main', `commit/${spec.feature}`, `commit ${spec.feature} baselines`, (a) =>
      a.commitSync({
        planId: plan.planId,
        providers: { source: pair.source, target: pair.target },
        wroteTo: [...wroteTo],
        ...(rejectedPlan === plan.planId ? { rejected: true } : {}),
        fingerprint: pair.fingerprint,
      }),
    );
    // Commit results recorded before the count existed have none: the per-chunk sums stand then.
    if (patched(distinctUnresolvedPatch) && committed.unresolved) {
      summary.toTarget.unresolved = committed.unresolved.target;
      summary.toSource.unresolved = committed.unresolved.source;
    }
  }

  function applyChunk(pair: PairDescription, feature: Feature, planId: number, chunk: ChunkDescriptor): Promise<ApplyOutcome> {
    const { pairId, toleranceMs, fingerprint } = pair;
    const request = { pairId, feature, planId, chunkNo: chunk.chunkNo, provider: chunk.provider, toleranceMs, fingerprint };
    const summary = `apply ${feature} chunk ${chunk.chunkNo}: ${chunk.op} ${chunk.size} on ${chunk.provider} (${chunk.destination})`;
    return call(chunk.provider === 'trakt' ? 'trakt-writes' : 'main', `apply/${feature}/${chunk.chunkNo}`, summary, (a) =>
      a.applySyncChunk(request),
    );
  }
}

/**
 * A start under another ID than the pair's own (a Schedule appends a timestamp to its workflow ID) runs the pair
 * as a child under `pair-sync/<pair>`. Temporal guarantees one open execution per workflow ID, so this is what
 * keeps a scheduled run and a CLI run of one pair from overlapping (a Schedule's overlap policy only sees its own
 * runs), and it is the ID `approve`, `sync` and `plan` find. When a run of the pair is already going, this start
 * does nothing and says so, like the Schedule's skip policy.
 */
async function runUnderPairId(input: PairSyncInput, pair: PairDescription): Promise<PairSyncResult> {
  const workflowId = pairWorkflowId(input.pairId);
  const childInput: PairSyncInput = { ...input, startedBy: `${input.startedBy ?? 'a start'} (via ${workflowInfo().workflowId})` };
  const shape = { source: pair.source, target: pair.target, mode: pair.mode, features: pair.features.map((f) => f.feature) };
  try {
    const child = await startChild(pairSync, {
      workflowId,
      args: [childInput],
      typedSearchAttributes: pairSyncSearchAttributes(input.pairId),
      // Cancelling or terminating the scheduled run stops the pair's run cleanly rather than killing it mid-write.
      parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
      ...pairSyncMetadata(childInput, shape),
    });
    return await child.result();
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) {
      return {
        pairId: input.pairId,
        dryRun: input.dryRun ?? false,
        features: [],
        skipped: `a run of pair ${input.pairId} was already going (${workflowId}); this start did nothing`,
      };
    }
    if (error instanceof ChildWorkflowFailure && error.cause instanceof ApplicationFailure && !isCancellation(error)) {
      // The pair's own failure (each feature's cause), not "Child Workflow execution failed".
      const { type, message, details } = error.cause;
      throw ApplicationFailure.create({ type: type ?? undefined, message, details: details ?? undefined, nonRetryable: true });
    }
    throw error;
  }
}

/** "AuthFailed: Trakt account ...": the innermost application failure of an activity, else its message. */
function causeOf(error: ActivityFailure): string {
  return error.cause instanceof ApplicationFailure ? `${error.cause.type}: ${error.cause.message}` : error.message;
}

export function describeWaitingCause(cause: WaitingCause): string {
  const status = cause.status ? ` answered ${cause.status}` : '';
  return `${cause.service}${status} (${cause.type}) since ${cause.since}, attempt ${cause.attempt}: ${cause.message}`;
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

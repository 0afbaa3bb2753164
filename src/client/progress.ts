import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure, TemporalFailure, TerminatedFailure } from '@temporalio/common';
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import {
  type DirectionSummary,
  type FeatureSummary,
  type PairSyncProgress,
  type PairSyncResult,
  pairSyncFailedType,
  progressQuery,
} from '../workflows/pair-sync-api';
import type { PairRunHandle } from './pair-runs';
import { formatWaiting, waitingOf } from './waiting';

/** The run's outcome: its result, or an error that says why it failed or was cancelled (never just "Workflow execution failed"). */
export async function pairRunResult(handle: PairRunHandle): Promise<PairSyncResult> {
  try {
    return await handle.result();
  } catch (error) {
    throw await explainRunFailure(handle, error);
  }
}

/**
 * How an ended run went, for a page rather than an exit code: its result, and why it failed (a run with failed
 * features still carries their counts).
 */
export async function pairRunOutcome(handle: PairRunHandle): Promise<{ result?: PairSyncResult; failure?: string }> {
  try {
    return { result: await handle.result() };
  } catch (error) {
    // Temporal not answering is not the run's failure: the caller says the outcome could not be read.
    if (!(error instanceof WorkflowFailedError)) throw error;
    const cause = error.cause;
    if (cause instanceof ApplicationFailure && cause.type === pairSyncFailedType && cause.details?.[0])
      return { result: cause.details[0] as PairSyncResult, failure: cause.message };
    const explained = await explainRunFailure(handle, error);
    return { failure: explained instanceof Error ? explained.message : String(explained) };
  }
}

async function explainRunFailure(handle: PairRunHandle, error: unknown): Promise<unknown> {
  if (!(error instanceof WorkflowFailedError)) return error;
  const run = handle.workflowId;
  const cause = error.cause;
  if (cause instanceof ApplicationFailure && cause.type === pairSyncFailedType && cause.details?.[0]) {
    return new Error(`${formatPairSyncResult(cause.details[0] as PairSyncResult)}\n${run} failed: ${cause.message}`);
  }
  if (cause instanceof CancelledFailure) {
    const { memo } = await handle.describe();
    const waitingOn = memo?.cancelledWhileWaitingOn;
    return new Error(`${run} was cancelled${waitingOn ? ` while waiting: ${waitingOn}` : ''}`);
  }
  if (cause instanceof TerminatedFailure) return new Error(`${run} was terminated: ${cause.message}`);
  return new Error(`${run} failed: ${failureChain(cause)}`);
}

/** "ActivityFailure → AuthFailed: Trakt ...": every level of a failure, innermost last. */
function failureChain(failure: unknown): string {
  const parts: string[] = [];
  for (let f = failure; f instanceof Error; f = f.cause) {
    parts.push(f instanceof ApplicationFailure && f.type ? `${f.type}: ${f.message}` : f.message);
    if (!(f instanceof TemporalFailure)) break;
  }
  return parts.join(' ← ') || String(failure);
}

/** The CLI's progress bars: on a terminal they redraw, elsewhere (logs, pipes) a line every 5 s. */
export function progressBars(format: string, out: NodeJS.WriteStream): MultiBar {
  return new MultiBar(
    { format, hideCursor: true, clearOnComplete: false, stream: out, noTTYOutput: true, notTTYSchedule: 5_000 },
    Presets.shades_classic,
  );
}

/** Renders a running pair sync's `progress` query as one bar per feature, and what it waits on, until the workflow ends. */
export async function followPairSync(handle: PairRunHandle, out: NodeJS.WriteStream = process.stderr): Promise<PairSyncResult> {
  const bars = progressBars(' {feature} |{bar}| {value}/{total} {phase}', out);
  const byFeature = new Map<string, SingleBar>();
  const shownWaits = new Set<string>();
  const bar = (feature: string, total: number, phase: string): SingleBar => {
    let found = byFeature.get(feature);
    if (!found) {
      found = bars.create(total, 0, { feature: feature.padEnd(9), phase });
      byFeature.set(feature, found);
    }
    return found;
  };
  /** A finished feature's bar: full at the number of items it moved or checked, with its status. */
  const finish = (summary: FeatureSummary) => {
    const total = itemsHandled(summary);
    const done = bar(summary.feature, total, summary.status);
    // A failed feature keeps where it stopped.
    if (summary.status === 'failed') return done.update({ phase: summary.status });
    done.setTotal(total);
    done.update(total, { phase: summary.status });
  };
  const render = (progress: PairSyncProgress) => {
    for (const summary of progress.features) {
      if (summary.feature !== progress.feature) {
        finish(summary);
        continue;
      }
      const current = bar(summary.feature, progress.total, progress.phase);
      current.setTotal(progress.total);
      current.update(progress.done, { phase: progress.phase });
    }
  };
  // A line per failed attempt of a retried activity: the service, its answer, since when, the next retry.
  const showWaiting = async (progress: PairSyncProgress) => {
    for (const cause of await waitingOf(handle, progress.waiting)) {
      const key = `${cause.activityId}#${cause.attempt}`;
      if (shownWaits.has(key)) continue;
      shownWaits.add(key);
      bars.log(`${formatWaiting(cause)}\n`);
    }
  };
  let polls = 0;
  // One query at a time, and none left in flight when the run ends: the caller closes the connection next.
  let inFlight: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    inFlight = inFlight.then(
      () =>
        handle
          .query(progressQuery)
          .then(async (progress) => {
            render(progress);
            if (polls++ % 4 === 0) await showWaiting(progress);
          })
          .catch(() => undefined), // The workflow may finish between two polls; the result below tells.
    );
  }, 500);
  try {
    const result = await pairRunResult(handle);
    clearInterval(timer);
    await inFlight;
    for (const summary of result.features) finish(summary);
    return result;
  } finally {
    clearInterval(timer);
    bars.stop();
  }
}

function itemsHandled(summary: FeatureSummary): number {
  const count = (d: DirectionSummary) => d.added + d.removed + d.existing + d.unresolved + d.held;
  return count(summary.toTarget) + count(summary.toSource);
}

/** A short human summary of a run: what moved, per feature and direction. */
export function formatPairSyncResult(result: PairSyncResult): string {
  const lines = [`pair ${result.pairId}${result.dryRun ? ' (dry run: nothing written)' : ''}`];
  if (result.skipped) lines.push(`  ${result.skipped}`);
  for (const f of result.features) {
    const direction = (name: string, d: PairSyncResult['features'][number]['toTarget']) =>
      `${name}: +${d.added} -${d.removed}${d.existing ? ` existing ${d.existing}` : ''}${d.unresolved ? ` unresolved ${d.unresolved}` : ''}${d.held ? ` held for approval ${d.held}` : ''}` +
      `${d.rejected ? ` rejected ${d.rejected}` : ''}${d.expired ? ` expired unapproved ${d.expired}` : ''}`;
    const guards = f.guards.length ? `  guards: ${f.guards.map((g) => `${g.guard} on ${g.side} (${g.action})`).join(', ')}` : '';
    lines.push(
      `  ${f.feature.padEnd(9)} ${f.status.padEnd(13)} ${direction('→ target', f.toTarget)}  ${direction('→ source', f.toSource)}${guards}${f.error ? `  error: ${f.error}` : ''}`,
    );
  }
  return lines.join('\n');
}

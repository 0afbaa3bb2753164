import type { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { HttpError, NetworkError } from '../providers/http';
import { isDatabaseError } from '../store/database-error';
import { activityFailingSignal, type WaitingCause } from '../workflows/pair-sync-api';

/**
 * Why a pair-sync activity is being retried, for the run's progress (DESIGN.md §4). A retry is the engine's, so
 * the workflow never sees it; the failing attempt heartbeats the cause (carried to the next attempt, which keeps
 * its "since") and signals it to its run when the cause is new or changed, so `progress` and the result of a
 * cancelled run can name it. The CLI adds the attempt and next retry from `describe`.
 */
export interface FailingDetails {
  failing?: WaitingCause;
}

export function carriedFailure(details: unknown): WaitingCause | undefined {
  return (details as FailingDetails | undefined)?.failing;
}

export function waitingCauseOf(
  error: unknown,
  mapped: unknown,
  context: { activityId: string; service: string; attempt: number; previous?: WaitingCause; now: Date },
): WaitingCause {
  const type = mapped instanceof ApplicationFailure && mapped.type ? mapped.type : error instanceof Error ? error.name : 'Error';
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 300);
  return {
    activityId: context.activityId,
    service: isDatabaseError(error) ? 'postgresql' : context.service,
    status: error instanceof HttpError ? error.status : undefined,
    endpoint: error instanceof HttpError || error instanceof NetworkError ? error.endpoint : undefined,
    type,
    message,
    since: context.previous?.since ?? context.now.toISOString(),
    attempt: context.attempt,
  };
}

const sameCause = (a: WaitingCause | undefined, b: WaitingCause) =>
  a !== undefined && a.service === b.service && a.status === b.status && a.type === b.type;

/** Called with a failure about to be thrown from an attempt; a no-op for failures the engine will not retry. */
export async function reportRetriedFailure(context: Context, service: string, error: unknown, mapped: unknown): Promise<void> {
  if (mapped instanceof ApplicationFailure && mapped.nonRetryable) return;
  const previous = carriedFailure(context.info.heartbeatDetails);
  const cause = waitingCauseOf(error, mapped, {
    activityId: context.info.activityId,
    service,
    attempt: context.info.attempt,
    previous,
    now: new Date(),
  });
  context.heartbeat({ failing: cause } satisfies FailingDetails);
  const run = context.info.workflowExecution;
  if (sameCause(previous, cause) || !run) return;
  try {
    await context.client.workflow.getHandle(run.workflowId, run.runId).signal(activityFailingSignal, cause);
  } catch (signalError) {
    // Progress is a courtesy; the retry itself must not depend on it.
    context.log.warn('could not report a failing attempt to its run', { error: String(signalError) });
  }
}

import type { WorkflowHandle } from '@temporalio/client';
import { optionalTsToDate } from '@temporalio/common/lib/time';
import type { WaitingCause } from '../workflows/pair-sync-api';

/** A cause from the run's progress, with what only the server knows: the attempt running now and the next retry. */
export interface WaitingNow extends WaitingCause {
  nextRetry?: Date;
}

/**
 * What the run waits on: the causes its activities reported (`progress.waiting`), completed from `describe`'s
 * pending activities; a retried activity that reported nothing (a run started before reporting existed) is
 * shown from its last failure alone.
 */
export async function waitingOf(handle: Pick<WorkflowHandle, 'describe'>, reported: WaitingCause[] = []): Promise<WaitingNow[]> {
  const { raw } = await handle.describe();
  const pending = raw.pendingActivities ?? [];
  const byId = new Map(reported.map((cause) => [cause.activityId, cause]));
  return pending.flatMap((activity): WaitingNow[] => {
    const attempt = activity.attempt ?? 1;
    const cause = byId.get(activity.activityId ?? '');
    const nextRetry = optionalTsToDate(activity.nextAttemptScheduleTime);
    if (cause) return [{ ...cause, attempt: Math.max(cause.attempt, attempt - 1), nextRetry }];
    if (attempt <= 1 || !activity.lastFailure) return [];
    return [
      {
        activityId: activity.activityId ?? '',
        service: activity.activityType?.name ?? 'activity',
        type: activity.lastFailure.applicationFailureInfo?.type ?? 'Failure',
        message: activity.lastFailure.message ?? '',
        since: optionalTsToDate(activity.scheduledTime)?.toISOString() ?? '',
        attempt: attempt - 1,
        nextRetry,
      },
    ];
  });
}

export function formatWaiting(cause: WaitingNow): string {
  const status = cause.status ? ` answered ${cause.status}` : ` failed (${cause.type})`;
  const where = cause.endpoint ? ` on ${cause.endpoint}` : '';
  const next = cause.nextRetry ? `, next retry ${cause.nextRetry.toISOString()}` : '';
  return `waiting: ${cause.service}${status}${where} since ${cause.since} (${cause.attempt} failed attempts${next}): ${cause.message}`;
}

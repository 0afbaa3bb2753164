/** Temporal Schedules the CLI and the worker keep: created, or changed in place when they exist. */
import {
  type Client,
  ScheduleNotFoundError,
  type ScheduleOptionsStartWorkflowAction,
  ScheduleOverlapPolicy,
  type ScheduleSpec,
  type ScheduleSummary,
  type Workflow,
} from '@temporalio/client';
import { humanDuration } from '../domain/durations';
import { pairScheduleId } from '../workflows/pair-sync-api';

/**
 * Creates schedule `scheduleId` or updates its spec and action. A run still going when the next is due is
 * skipped, never doubled; missed runs are caught up within an hour.
 */
export async function upsertSchedule(
  client: Client,
  scheduleId: string,
  spec: ScheduleSpec,
  action: ScheduleOptionsStartWorkflowAction<Workflow>,
): Promise<'created' | 'updated'> {
  try {
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
    return 'updated';
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
  }
  await client.schedule.create({ scheduleId, spec, action, policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' } });
  return 'created';
}

/** "6h", "30m, 1d": a schedule's intervals the way people write them. */
export function scheduleIntervals(spec: ScheduleSummary['spec']): string {
  return spec?.intervals?.map((i) => humanDuration(Number(i.every))).join(', ') ?? '';
}

export interface PairScheduleState {
  every: string;
  paused: boolean;
  /** When the next run is due (none while paused). */
  next?: Date;
}

/** The pair's schedule, or undefined when it has none. */
export async function pairSchedule(client: Client, pairId: string): Promise<PairScheduleState | undefined> {
  try {
    const schedule = await client.schedule.getHandle(pairScheduleId(pairId)).describe();
    return { every: scheduleIntervals(schedule.spec), paused: schedule.state.paused, next: schedule.info.nextActionTimes[0] };
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) return undefined;
    throw error;
  }
}

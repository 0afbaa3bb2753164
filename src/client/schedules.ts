/** Temporal Schedules the CLI and the worker keep: created, or changed in place when they exist. */
import {
  type Client,
  ScheduleNotFoundError,
  type ScheduleOptionsStartWorkflowAction,
  ScheduleOverlapPolicy,
  type ScheduleSpec,
  type Workflow,
} from '@temporalio/client';

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

/**
 * The reconciliation's Temporal Schedule, from `stash.reconcile` (never / hourly / daily / weekly; scope all / 24h /
 * 7d): created, updated or deleted to match the config. A run still going when the next is due is skipped.
 */
import { type Client, ScheduleNotFoundError } from '@temporalio/client';
import type { Config } from '../config';
import { stashReconcileScheduleId, stashReconcileWorkflowId, stashReconcileWorkflowType } from '../workflows/stash-api';
import { upsertSchedule } from './schedules';

const every = { hourly: '1 hour', daily: '1 day', weekly: '7 days' } as const;

export async function applyStashSchedule(client: Client, config: Config): Promise<'created' | 'updated' | 'deleted' | 'none'> {
  const { reconcile } = config.stash;
  const handle = client.schedule.getHandle(stashReconcileScheduleId);
  if (!config.stash.enabled || reconcile.every === 'never') {
    try {
      await handle.delete();
      return 'deleted';
    } catch (error) {
      if (error instanceof ScheduleNotFoundError) return 'none';
      throw error;
    }
  }
  const spec = { intervals: [{ every: every[reconcile.every] }] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: stashReconcileWorkflowType,
    workflowId: stashReconcileWorkflowId,
    taskQueue: config.temporal.task_queue,
    args: [{ scope: reconcile.scope }],
  };
  return upsertSchedule(client, stashReconcileScheduleId, spec, action);
}

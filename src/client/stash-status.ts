/** The Stash push's state: for `watchsync stash status` and the dashboard's Library and Stash page. */
import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Pool } from '../store/db';
import { lastReconciliation, type ReconciliationRecord } from '../store/stash-scenes';
import { listUnresolved, thaw, type UnresolvedItem } from '../store/unresolved';
import { stashScenePhaseQuery, stashSceneWorkflowType } from '../workflows/stash-api';
import { createStashSignaller, stashSceneSettings } from './stash-signals';
import { withDb } from './with-db';

export interface StashStatus {
  /** Scene pushes pending or running, with the phase their workflow reports. */
  running: Array<{ scene: string; phase: string }>;
  frozen: UnresolvedItem[];
  lastReconciliation: ReconciliationRecord | undefined;
}

/** Reads the pushes from Temporal and the rest from PostgreSQL (`db`, or a connection of the config's own). */
export async function stashStatus(client: Client, config: Config, db?: Pool): Promise<StashStatus> {
  const query = `WorkflowType = '${stashSceneWorkflowType}' AND ExecutionStatus = 'Running' AND TaskQueue = '${config.temporal.task_queue}'`;
  const running: StashStatus['running'] = [];
  for await (const execution of client.workflow.list({ query })) {
    const phase = await client.workflow
      .getHandle(execution.workflowId)
      .query(stashScenePhaseQuery)
      .catch(() => 'unknown');
    running.push({ scene: execution.workflowId.replace(/^stash-scene\//, ''), phase });
  }
  const read = async (pool: Pool) => ({
    frozen: await listUnresolved(pool, { pairId: 'stash' }),
    lastReconciliation: await lastReconciliation(pool),
  });
  return { running, ...(db ? await read(db) : await withDb(read, config)) };
}

/** Thaws frozen scenes (one, or all) and queues a push of each now; returns the scene ids. `source` says who asked. */
export async function thawStashScenes(client: Client, config: Config, db: Pool, source: string, sceneId?: string): Promise<string[]> {
  const frozen = (await listUnresolved(db, { pairId: 'stash' })).map((f) => f.itemKey).filter((k) => !sceneId || k === sceneId);
  await thaw(db, { pairId: 'stash', itemKey: sceneId });
  const signaller = createStashSignaller({ client, taskQueue: config.temporal.task_queue, settings: stashSceneSettings(config) });
  for (const id of frozen) await signaller.sceneChanged(id, { source });
  return frozen;
}

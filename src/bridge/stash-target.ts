import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { createStashSignaller, stashSceneSettings } from '../client/stash-signals';
import type { Config } from '../config';
import type { stashReconcile } from '../workflows';
import { type StashSceneSettings, stashReconcileWorkflowId, stashReconcileWorkflowType } from '../workflows/stash-api';
import type { StashHookTarget } from './stash-hook';

/** Hooks to scene workflows; tasks to the reconciliation workflow (one at a time: a running one is joined). */
export function stashHookTarget(client: Client, config: Config, overrides: Partial<StashSceneSettings> = {}): StashHookTarget {
  const taskQueue = config.temporal.task_queue;
  const signaller = createStashSignaller({ client, taskQueue, settings: { ...stashSceneSettings(config), ...overrides } });
  return {
    sceneChanged: (sceneId, change) => signaller.sceneChanged(sceneId, change),
    async reconcile(input) {
      try {
        await client.workflow.start<typeof stashReconcile>(stashReconcileWorkflowType, {
          workflowId: stashReconcileWorkflowId,
          taskQueue,
          args: [input],
        });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
    },
  };
}

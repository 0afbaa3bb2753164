/**
 * Signals to the Stash push's per-scene workflows, used by the bridge (hooks), the CLI and reconciliation:
 * signalWithStart, so a scene's workflow is started by its first change and joined by the next ones. Resolves once
 * the signal is durable in the workflow's history.
 */
import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { stashScene } from '../workflows';
import {
  type SceneChanged,
  type StashSceneSettings,
  sceneChangedSignal,
  stashSceneWorkflowId,
  stashSceneWorkflowType,
} from '../workflows/stash-api';

/** The per-scene workflow's settings from the config (defaults for the rest live in the workflow). */
export function stashSceneSettings(config: Config): Partial<StashSceneSettings> {
  const { stash } = config;
  return {
    debounceMs: stash.debounce_ms,
    jobPollMs: stash.job_poll_ms,
    jobWaitMaxMs: stash.job_wait_max_ms,
    scanMissing: stash.scan_missing,
    missingRetryMs: Math.round(stash.missing_retry_hours * 3600_000),
  };
}

export interface StashSignaller {
  sceneChanged(sceneId: string, change: SceneChanged): Promise<void>;
}

export function createStashSignaller(options: {
  client: Client;
  taskQueue: string;
  settings: Partial<StashSceneSettings>;
}): StashSignaller {
  return {
    async sceneChanged(sceneId, change) {
      await options.client.workflow.signalWithStart<typeof stashScene, [SceneChanged]>(stashSceneWorkflowType, {
        workflowId: stashSceneWorkflowId(sceneId),
        taskQueue: options.taskQueue,
        args: [{ sceneId, settings: options.settings }],
        signal: sceneChangedSignal,
        signalArgs: [change],
        memo: { stashScene: sceneId },
      });
    },
  };
}

/**
 * One Stash scene's push to Plex (DESIGN.md §7), workflow `stash-scene/<sceneId>`, started or signalled by
 * signalWithStart, so a burst of edits is one workflow: debounce until Stash is quiet, wait while Stash runs a
 * scan/generate/identify job, hold a scene that is not identified yet, match (these reads in one local activity),
 * wait for a file Plex has not scanned (the retry policy, not a loop), then write on the PMS's rate-limited queue,
 * which skips what did not change. Edits that arrive meanwhile give one more round. Permanent failures freeze the
 * scene as unresolved with the reason.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { SceneInspection, SceneReadiness, StashActivities } from '../activities/stash';
import { stashPlexWriteQueue } from './queues';
import {
  type StashSceneInput,
  type StashSceneOutcome,
  type StashScenePhase,
  type StashSceneSettings,
  sceneChangedSignal,
  stashScenePhaseQuery,
} from './stash-api';

export const stashSceneDefaults: StashSceneSettings = {
  debounceMs: 3_000,
  jobPollMs: 5_000,
  jobWaitMaxMs: 30 * 60_000,
  scanMissing: true,
  missingRetryMs: 6 * 3600_000,
  missingRetryInitialMs: 30_000,
  missingRetryMaxIntervalMs: 15 * 60_000,
  pushRetryInitialMs: 1_000,
  pushRetryMaxIntervalMs: 60_000,
  pushHeartbeatTimeoutMs: 30_000,
};

/** Failure types that stop a scene (frozen) instead of being retried. */
const permanent = ['AuthFailed', 'NotConfigured', 'PlexItemGone', 'SceneDeleted'];

/** What an activity failed with: activities' failures come wrapped in ActivityFailure, local activities' bare. */
function applicationFailureOf(error: unknown): ApplicationFailure | undefined {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  return cause instanceof ApplicationFailure ? cause : undefined;
}

/** The failure's type and message when an activity failed for good (a permanent type), else undefined. */
function permanentFailure(error: unknown): string | undefined {
  const cause = applicationFailureOf(error);
  return cause?.type && permanent.includes(cause.type) ? `${cause.type}: ${cause.message}` : undefined;
}

export async function stashScene(input: StashSceneInput): Promise<StashSceneOutcome> {
  const settings = { ...stashSceneDefaults, ...input.settings };
  const { sceneId } = input;
  const retry = {
    initialInterval: settings.pushRetryInitialMs,
    maximumInterval: settings.pushRetryMaxIntervalMs,
    nonRetryableErrorTypes: permanent,
  };
  const acts = proxyActivities<StashActivities>({ startToCloseTimeout: '2 minutes', retry });
  // One try in the worker, no server round trip; a failure (Stash or Plex down) is retried by the engine as an
  // activity instead, so an outage costs no workflow task while it lasts. A read that waits for a free slot longer
  // than a few seconds (a burst of 1,000 scenes) goes that way too, rather than holding its workflow task open.
  const reads = proxyLocalActivities<StashActivities>({
    scheduleToStartTimeout: '3 seconds',
    startToCloseTimeout: '1 minute',
    retry: { maximumAttempts: 1 },
  });
  const writes = proxyActivities<StashActivities>({
    startToCloseTimeout: '5 minutes',
    // A worker that dies mid-push: its push is retried elsewhere after this, not after the 5 minutes.
    heartbeatTimeout: settings.pushHeartbeatTimeoutMs,
    taskQueue: stashPlexWriteQueue(workflowInfo().taskQueue),
    retry,
  });
  const awaitScan = proxyActivities<StashActivities>({
    startToCloseTimeout: '1 minute',
    scheduleToCloseTimeout: settings.missingRetryMs,
    retry: {
      initialInterval: settings.missingRetryInitialMs,
      maximumInterval: settings.missingRetryMaxIntervalMs,
      nonRetryableErrorTypes: permanent,
    },
  });

  let phase: StashScenePhase = 'debouncing';
  let dirty = false;
  let force = false;
  setHandler(stashScenePhaseQuery, () => phase);
  setHandler(sceneChangedSignal, (change) => {
    dirty = true;
    if (change.force) force = true;
  });

  const freeze = async (reason: string): Promise<StashSceneOutcome> => {
    await acts.freezeStashScene({ sceneId, reason });
    return { status: 'frozen', reason };
  };

  /** Runs started before this patch read with three activities; new ones with one local activity. */
  const localReads = patched('stash-scene-local-reads');

  const inspect = async (waitForJobs: boolean): Promise<SceneInspection> => {
    const request = { sceneId, waitForJobs };
    try {
      return await reads.inspectStashScene(request);
    } catch (error) {
      if (isCancellation(error) || permanentFailure(error)) throw error;
      return acts.inspectStashScene(request);
    }
  };

  /** Waits while Stash runs a job (at most jobWaitMaxMs), then what the push needs to know. */
  const inspectWhenQuiet = async (): Promise<SceneReadiness> => {
    if (!localReads) {
      phase = 'waiting-for-stash';
      for (let waited = 0; waited < settings.jobWaitMaxMs && (await acts.stashBusy()); waited += settings.jobPollMs)
        await sleep(settings.jobPollMs);
      phase = 'matching';
      const prepared = await acts.prepareStashPush({ sceneId });
      return prepared === 'ready' ? acts.matchStashScene({ sceneId }) : { status: prepared };
    }
    // Once Stash is busy the phase stays waiting-for-stash through each re-check, until one finds it quiet.
    phase = 'matching';
    for (let waited = 0; ; waited += settings.jobPollMs) {
      const inspection = await inspect(waited < settings.jobWaitMaxMs);
      if (inspection.status !== 'stash-busy') return inspection;
      phase = 'waiting-for-stash';
      await sleep(settings.jobPollMs);
    }
  };

  const pushOnce = async (forced: boolean): Promise<StashSceneOutcome> => {
    let match: SceneReadiness;
    try {
      match = await inspectWhenQuiet();
    } catch (error) {
      // Runs from before the patch failed here instead (their histories must replay).
      const reason = localReads ? permanentFailure(error) : undefined;
      if (reason) return freeze(reason);
      throw error;
    }
    if (match.status === 'deleted') {
      await freeze('deleted in Stash');
      return { status: 'deleted' };
    }
    if (match.status === 'held') return { status: 'held' };
    if (match.status === 'ambiguous')
      return freeze(`ambiguous: ${match.candidates.length} Plex items match (${match.candidates.join(', ')})`);
    if (match.status === 'missing') {
      phase = 'waiting-for-plex-scan';
      if (settings.scanMissing && match.scan) await acts.scanPlexFolder(match.scan);
      try {
        match = await awaitScan.awaitPlexItem({ sceneId });
      } catch (error) {
        if (error instanceof ActivityFailure) return freeze('not in Plex: the file was not found after waiting for a scan');
        throw error;
      }
      if (match.status !== 'matched') return freeze(`ambiguous: ${match.status}`);
    }
    phase = 'pushing';
    try {
      const result = await writes.pushStashScene({ sceneId, force: forced });
      return result.status === 'unchanged'
        ? { status: 'unchanged' }
        : { status: 'pushed', ratingKey: match.ratingKey, fields: result.fields, poster: result.poster };
    } catch (error) {
      const reason = permanentFailure(error);
      if (reason) return freeze(reason);
      throw error;
    }
  };

  let outcome: StashSceneOutcome = { status: 'unchanged' };
  do {
    phase = 'debouncing';
    dirty = false;
    // Quiet for debounceMs: every signal meanwhile starts the quiet time again.
    while (await condition(() => dirty, settings.debounceMs)) dirty = false;
    const forced = force;
    force = false;
    outcome = await pushOnce(forced);
  } while (dirty);
  phase = 'done';
  return outcome;
}

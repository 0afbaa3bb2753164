/**
 * One Stash scene's push to Plex (DESIGN.md §7), workflow `stash-scene/<sceneId>`, started or signalled by
 * signalWithStart, so a burst of edits is one workflow: debounce until Stash is quiet, wait while Stash runs a
 * scan/generate/identify job, skip what did not change, hold a scene that is not identified yet, match, wait for a
 * file Plex has not scanned (the retry policy, not a loop), then write on the PMS's rate-limited queue. Edits that
 * arrive meanwhile give one more round. Permanent failures freeze the scene as unresolved with the reason.
 */
import { ActivityFailure, ApplicationFailure, condition, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { StashActivities } from '../activities/stash';
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
};

/** Failure types that stop a scene (frozen) instead of being retried. */
const permanent = ['AuthFailed', 'NotConfigured', 'PlexItemGone', 'SceneDeleted'];

export async function stashScene(input: StashSceneInput): Promise<StashSceneOutcome> {
  const settings = { ...stashSceneDefaults, ...input.settings };
  const { sceneId } = input;
  const retry = {
    initialInterval: settings.pushRetryInitialMs,
    maximumInterval: settings.pushRetryMaxIntervalMs,
    nonRetryableErrorTypes: permanent,
  };
  const acts = proxyActivities<StashActivities>({ startToCloseTimeout: '2 minutes', retry });
  const writes = proxyActivities<StashActivities>({
    startToCloseTimeout: '5 minutes',
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

  const pushOnce = async (forced: boolean): Promise<StashSceneOutcome> => {
    phase = 'matching';
    const prepared = await acts.prepareStashPush({ sceneId });
    if (prepared === 'deleted') {
      await freeze('deleted in Stash');
      return { status: 'deleted' };
    }
    if (prepared === 'held') return { status: 'held' };
    let match = await acts.matchStashScene({ sceneId });
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
      const cause = error instanceof ActivityFailure ? error.cause : undefined;
      if (cause instanceof ApplicationFailure && cause.type && permanent.includes(cause.type))
        return freeze(`${cause.type}: ${cause.message}`);
      throw error;
    }
  };

  let outcome: StashSceneOutcome = { status: 'unchanged' };
  do {
    phase = 'debouncing';
    dirty = false;
    // Quiet for debounceMs: every signal meanwhile starts the quiet time again.
    while (await condition(() => dirty, settings.debounceMs)) dirty = false;
    phase = 'waiting-for-stash';
    for (let waited = 0; waited < settings.jobWaitMaxMs && (await acts.stashBusy()); waited += settings.jobPollMs)
      await sleep(settings.jobPollMs);
    const forced = force;
    force = false;
    outcome = await pushOnce(forced);
  } while (dirty);
  phase = 'done';
  return outcome;
}

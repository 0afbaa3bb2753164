/**
 * The scheduled full comparison of Plex and Stash (DESIGN.md §7): read both sides completely, then replace the gaps.
 * A side that cannot be read fails the run before anything is replaced, so a Stash outage never clears the gaps.
 * While an activity is retried against a failing service, its attempts report why (`activityFailing`, as in pair
 * syncs), and the `progress` query says what the run waits on and since when.
 */
import { patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { activityFailingSignal, type WaitingCause } from './pair-sync-api';
import { type StashGapInput, type StashGapProgress, type StashGapResult, stashGapProgressQuery } from './stash-gaps-api';

const readOptions = {
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes', maximumAttempts: 10 },
} as const;
const writeOptions = { startToCloseTimeout: '5 minutes', retry: { maximumAttempts: 10 } } as const;

/** Runs since this patch name their activities, so a reported failure is cleared when its activity settles. */
const namedActivitiesPatch = 'stash-gaps-named-activities';

export async function stashGaps(input: StashGapInput = {}): Promise<StashGapResult> {
  const runId = workflowInfo().runId;
  const progress: StashGapProgress = { phase: 'reading', waiting: [] };
  const waiting = new Map<string, WaitingCause>();
  setHandler(stashGapProgressQuery, () => progress);
  setHandler(activityFailingSignal, (cause) => {
    waiting.set(cause.activityId, cause);
    progress.waiting = [...waiting.values()];
    progress.lastFailure = cause;
  });
  const named = patched(namedActivitiesPatch);
  const unnamed = { read: proxyActivities<Activities>(readOptions), write: proxyActivities<Activities>(writeOptions) };

  /** One activity call; in patched runs under a readable ID and UI summary, its reported failure cleared when it settles. */
  function call<T>(kind: 'read' | 'write', activityId: string, summary: string, run: (a: Activities) => Promise<T>): Promise<T> {
    if (!named) return run(unnamed[kind]);
    const proxy = proxyActivities<Activities>({ ...(kind === 'read' ? readOptions : writeOptions), activityId, summary });
    return run(proxy).finally(() => {
      if (waiting.delete(activityId)) progress.waiting = [...waiting.values()];
    });
  }

  await call('write', 'start', 'start the comparison', (a) => a.startGapComparison(runId));
  await Promise.all([
    call('read', 'read-stash', "read Stash's scenes", (a) => a.readStashScenes(runId)),
    call('read', 'read-plex', "read Plex's files (the library import when fresh)", (a) => a.readPlexFiles(runId, input)),
  ]);
  // Unnamed runs cannot tell which report was whose: once both reads are done, none is still failing.
  waiting.clear();
  progress.waiting = [];
  progress.phase = 'replacing gaps';
  const result = await call('write', 'finish', 'replace the gaps', (a) => a.finishGapComparison(runId));
  progress.phase = 'done';
  return result;
}

/**
 * The scheduled full comparison of Plex and Stash (DESIGN.md §7): read both sides completely, then replace the gaps.
 * A side that cannot be read fails the run before anything is replaced, so a Stash outage never clears the gaps.
 */
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { StashGapResult } from './stash-gaps-api';

const reads = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes', maximumAttempts: 10 },
});
const writes = proxyActivities<Activities>({ startToCloseTimeout: '5 minutes', retry: { maximumAttempts: 10 } });

export async function stashGaps(): Promise<StashGapResult> {
  const runId = workflowInfo().runId;
  await writes.startGapComparison(runId);
  await Promise.all([reads.readStashScenes(runId), reads.readPlexFiles(runId)]);
  return writes.finishGapComparison(runId);
}

/**
 * Reconciliation of the Stash push (DESIGN.md §7), on a Temporal Schedule or on demand: one activity reads Stash's
 * scenes in scope and Plex's scene sections once, finds the gaps (Plex empty while Stash has metadata, Stash newer
 * than the last push, never matched) and signals each scene's workflow (whose ID de-duplicates).
 */
import { proxyActivities } from '@temporalio/workflow';
import type { StashActivities } from '../activities/stash';
import type { StashReconcileInput, StashReconcileResult } from './stash-api';

const acts = proxyActivities<StashActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes', maximumAttempts: 10 },
});

export async function stashReconcile(input: StashReconcileInput): Promise<StashReconcileResult> {
  return acts.reconcileStash({ scope: input.scope, force: input.force ?? false });
}

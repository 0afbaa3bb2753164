/** The contract of the `stashGaps` workflow, shared by the workflow and the CLI (which starts and schedules it). */

export const stashGapWorkflowId = 'stash-gaps';

export interface StashGapResult {
  stashScenes: number;
  plexFiles: number;
  plexOnly: number;
  stashOnly: number;
}

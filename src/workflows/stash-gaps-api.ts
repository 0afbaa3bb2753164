/** The contract of the `stashGaps` workflow, shared by the workflow and the CLI (which starts and schedules it). */
import { defineQuery } from '@temporalio/workflow';
import type { PlexFileSource } from '../domain/stash/gap-source';
import type { WaitingCause } from './pair-sync-api';

export const stashGapWorkflowId = 'stash-gaps';
export const stashGapWorkflowType = 'stashGaps';

/**
 * A library import is fresh enough to stand in for a listing of Plex when every compared section was completely
 * listed at most this long ago: twice the 6 h import schedule the README suggests, so one late import does not
 * send the comparison back to paging the whole PMS.
 */
export const defaultLibraryImportMaxAgeMs = 12 * 3_600_000;

export interface StashGapInput {
  /** Read the library import instead of listing Plex while it is at most this old (default 12 h). */
  libraryImportMaxAgeMs?: number;
}

/** The argument of the `readPlexFiles` activity. */
export type PlexFileRead = StashGapInput;

export interface StashGapResult {
  stashScenes: number;
  plexFiles: number;
  plexOnly: number;
  stashOnly: number;
  /** Where Plex's files were read from; absent only in runs whose Plex side was read before it was recorded. */
  plexSource?: PlexFileSource;
}

export interface StashGapProgress {
  phase: 'reading' | 'replacing gaps' | 'done';
  /** Activities being retried against a failing service (Stash, Plex, PostgreSQL), and why. */
  waiting: WaitingCause[];
  /** The last cause a retried activity reported. */
  lastFailure?: WaitingCause;
}

export const stashGapProgressQuery = defineQuery<StashGapProgress>('progress');

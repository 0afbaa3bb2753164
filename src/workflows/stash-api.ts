/** The Stash push workflows' names, signals and inputs, shared by the bridge, the CLI and the workflows. */
import { defineQuery, defineSignal } from '@temporalio/workflow';

export const stashSceneWorkflowType = 'stashScene';
export const stashReconcileWorkflowType = 'stashReconcile';
export const stashSceneWorkflowId = (sceneId: string) => `stash-scene/${sceneId}`;
export const stashReconcileWorkflowId = 'stash-reconcile';
export const stashReconcileScheduleId = 'stash-reconcile';

export interface SceneChanged {
  /** What Stash reported (Scene.Update.Post, …), or `reconcile`/`cli`. */
  source: string;
  /** Push every field, even when its hash did not change (Plex shows nothing though Stash has metadata). */
  force?: boolean;
}
export const sceneChangedSignal = defineSignal<[SceneChanged]>('stashSceneChanged');

/** Waits and thresholds of one scene's workflow; production defaults in the workflow, tests pass milliseconds. */
export interface StashSceneSettings {
  debounceMs: number;
  jobPollMs: number;
  jobWaitMaxMs: number;
  scanMissing: boolean;
  /** How long a file Plex has not scanned is waited for, retried with back-off from `missingRetryInitialMs`. */
  missingRetryMs: number;
  missingRetryInitialMs: number;
  missingRetryMaxIntervalMs: number;
  /** Back-off of pushes while Plex is down (retried until it is back). */
  pushRetryInitialMs: number;
  pushRetryMaxIntervalMs: number;
  /** A push whose worker stopped heartbeating this long is retried (on another worker). */
  pushHeartbeatTimeoutMs: number;
}

export interface StashSceneInput {
  sceneId: string;
  settings?: Partial<StashSceneSettings>;
}

export type StashScenePhase = 'debouncing' | 'waiting-for-stash' | 'matching' | 'waiting-for-plex-scan' | 'pushing' | 'done';
export const stashScenePhaseQuery = defineQuery<StashScenePhase>('stashScenePhase');

export type StashSceneOutcome =
  | { status: 'pushed'; ratingKey: string; fields: string[]; poster: string }
  | { status: 'unchanged' | 'held' | 'deleted' }
  | { status: 'frozen'; reason: string };

export type ReconcileScope = 'all' | '24h' | '7d';
export type GapKind = 'plex-empty' | 'stash-newer' | 'never-matched';

export interface StashReconcileInput {
  scope: ReconcileScope;
  /** "Sync all": every identified scene in scope is pushed in full, gap or not. */
  force?: boolean;
}
export interface StashReconcileResult {
  scenes: number;
  gaps: Record<GapKind, number>;
  started: number;
}

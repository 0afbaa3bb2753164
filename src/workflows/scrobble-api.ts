/**
 * The contract of the `scrobble` workflow (DESIGN.md §5): its ID, input, signals and status query, shared by
 * the workflow, the bridge (which signals it) and the CLI (which queries it). Plain JSON throughout.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type {
  PlayEvent,
  ScrobbleAction,
  ScrobbleEvent,
  ScrobbleRules,
  ScrobbleState,
  SessionsSnapshotEvent,
  TraktVerb,
} from '../domain/scrobble';

export const scrobbleWorkflowType = 'scrobble';

/** One long-lived workflow per Plex server. */
export function scrobbleWorkflowId(serverUuid: string): string {
  return `scrobble/${serverUuid}`;
}

export const playEventSignal = defineSignal<[PlayEvent]>('playEvent');
export const sessionsSnapshotSignal = defineSignal<[SessionsSnapshotEvent]>('sessionsSnapshot');
/** Several events in arrival order, in one signal: what the websocket watcher sends when frames come faster than signals. */
export const scrobbleEventsSignal = defineSignal<[ScrobbleEvent[]]>('scrobbleEvents');
/** The rules of the bridge's config, sent before its first event for a server, so an edited config applies on restart. */
export const scrobbleRulesSignal = defineSignal<[ScrobbleRules]>('scrobbleRules');
export const scrobbleStatusQuery = defineQuery<ScrobbleStatus>('status');

/** Waits and limits, with production defaults; tests shorten them. */
export interface ScrobbleWorkflowOptions {
  /** Continue as new after this many signals in one run, if the server has not suggested it before. */
  maxEventsPerRun: number;
  /** Continue as new once this run's signals add up to this many bytes (JSON, UTF-8): large events end a run sooner. */
  maxSignalBytesPerRun: number;
  /**
   * Activity inputs one workflow task may schedule before the remaining events wait for the next task: a task's
   * commands travel in one gRPC message, which the server refuses past 4 MB (the task would then fail for ever).
   */
  maxActionBytesPerTask: number;
  /** One Trakt or PMS call, per attempt. */
  callTimeoutMs: number;
  /** How long a stop (a watch) is retried through a Trakt outage. */
  stopRetryForMs: number;
  /** How long a start or pause is retried: past this it no longer describes the playback. */
  updateRetryForMs: number;
  /** How many recent Trakt calls the status query shows. */
  recentActions: number;
}

export const defaultScrobbleWorkflowOptions: ScrobbleWorkflowOptions = {
  maxEventsPerRun: 5_000,
  maxSignalBytesPerRun: 4 * 1024 * 1024,
  maxActionBytesPerTask: 1024 * 1024,
  callTimeoutMs: 30_000,
  stopRetryForMs: 24 * 3600_000,
  updateRetryForMs: 10 * 60_000,
  recentActions: 20,
};

export interface RecentAction {
  /** Workflow time (epoch ms) the call finished. */
  at: number;
  sessionKey: string;
  verb: TraktVerb;
  progress: number;
  title?: string;
  result: 'start' | 'pause' | 'scrobble' | 'conflict' | 'failed';
  error?: string;
}

/** What a run hands the next one at continue-as-new: every session, every event not yet reduced, every action not yet run. */
export interface CarriedScrobbleState {
  state: ScrobbleState;
  inbox: ScrobbleEvent[];
  /** Reduced while the run wound down, not started yet: the next run starts them first, in order. */
  actions?: ScrobbleAction[];
  eventsReceived: number;
  eventsRejected: number;
  run: number;
  recent: RecentAction[];
}

export interface ScrobbleWorkflowInput {
  serverUuid: string;
  rules: ScrobbleRules;
  options?: Partial<ScrobbleWorkflowOptions>;
  carried?: CarriedScrobbleState;
}

export interface SessionStatus {
  sessionKey: string;
  phase: 'enriching' | 'ignored' | 'bound';
  ratingKey: string;
  user?: string;
  title?: string;
  state?: string;
  progress?: number;
  lastAction?: { verb: TraktVerb; progress: number };
  ignoredBecause?: string;
}

/** The memo key of a scrobble workflow's Plex server name (set by the bridge that starts it, when it knows the name). */
export const plexServerNameMemo = 'plexServerName';

export interface ScrobbleStatus {
  serverUuid: string;
  /** 1 for the first run, +1 at every continue-as-new. */
  run: number;
  /** Signals accepted over all runs. */
  eventsReceived: number;
  /** Signals that were not valid events (dropped). */
  eventsRejected: number;
  /** Events waiting to be reduced. */
  eventsPending: number;
  sessions: SessionStatus[];
  recent: RecentAction[];
}

/**
 * Reducer state: plain JSON (no classes, Maps or Dates) because the workflow carries it across
 * continue-as-new. One entry per session, keyed by sessionKey.
 */
import type { TraktVerb } from './actions';
import type { EventSource, PlaybackState, PlayEvent, ScrobbleItem } from './events';

/** Where playback stands, as last observed. */
export interface Playback {
  state: PlaybackState;
  offsetMs: number;
  /** Bridge time (`receivedAt`) of the observation. */
  at: number;
  /**
   * How much of the item this play-through can claim as watched: the position it started from plus
   * every forward advance plausible for the time spent playing. A seek adds (almost) nothing.
   */
  watchedMs: number;
}

export interface LastTraktAction {
  verb: TraktVerb;
  progress: number;
  /** Bridge time of the observation that caused it. */
  at: number;
}

interface SessionBase {
  sessionKey: string;
  source: EventSource;
  ratingKey: string;
  user?: string;
  /** The item this session played before (autoplay): late events for it are strays. */
  previousRatingKey?: string;
  /** Workflow time of the last event or close; silence is measured from here. */
  updatedAt: number;
}

/** Waiting for the enrichment result; events are kept to be replayed once bound. */
export interface EnrichingSession extends SessionBase {
  phase: 'enriching';
  pending: PlayEvent[];
}

export type IgnoreReason = 'user-unknown' | 'user-not-allowed' | 'enrichment-failed';

/** Filtered or unscrobbable: events are dropped until the session goes silent or changes item. */
export interface IgnoredSession extends SessionBase {
  phase: 'ignored';
  reason: IgnoreReason;
  detail?: string;
}

export interface BoundSession extends SessionBase {
  phase: 'bound';
  item: ScrobbleItem;
  durationMs: number;
  /** Undefined until the first observation that is not `buffering`. */
  playback?: Playback;
  lastAction?: LastTraktAction;
  /** Events for another item on this open session: a stray, or the player moving on (see item-switch.ts). */
  candidate?: { ratingKey: string; events: PlayEvent[] };
}

export type Session = EnrichingSession | IgnoredSession | BoundSession;

export interface ScrobbleState {
  sessions: Record<string, Session>;
}

export const emptyScrobbleState: ScrobbleState = { sessions: {} };

/** Bound and playing, paused or buffering: Trakt may think it is being watched. */
export type OpenSession = BoundSession & { playback: Playback };

export function isOpen(session: Session): session is OpenSession {
  return session.phase === 'bound' && session.playback !== undefined && session.playback.state !== 'stopped';
}

/** Public API of the live-scrobbling domain (DESIGN.md §5). */
export type { EnrichAction, ScrobbleAction, TraktScrobbleAction, TraktVerb } from './actions';
export {
  type EnrichedEvent,
  type EnrichFailedEvent,
  type EventSource,
  enrichedEventSchema,
  enrichFailedEventSchema,
  eventSourceSchema,
  type PlaybackState,
  type PlayEvent,
  parseScrobbleEvent,
  playbackStateSchema,
  playbackStates,
  playEventSchema,
  type ScrobbleEvent,
  type ScrobbleItem,
  type SessionsSnapshotEvent,
  scrobbleEventSchema,
  scrobbleItemSchema,
  sessionsSnapshotEventSchema,
  type TickEvent,
  tickEventSchema,
} from './events';
export { reduce } from './reduce';
export { defaultScrobbleRules, type ScrobbleRules, scrobbleRulesSchema } from './rules';
export type {
  BoundSession,
  EnrichingSession,
  IgnoredSession,
  IgnoreReason,
  LastTraktAction,
  Playback,
  ScrobbleState,
  Session,
} from './state';
export { emptyScrobbleState } from './state';
export type { ScrobbleStep } from './step';
export { nextTickAt } from './timeouts';
export { webhookPlaybackState, webhookSessionKey } from './webhook';

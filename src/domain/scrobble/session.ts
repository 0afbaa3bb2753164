/** Playback of the bound item: observations in, Trakt calls out (one play-through at a time). */
import type { PlayEvent } from './events';
import { isWatched, type Observation, observe, reportedProgress, toPercent } from './progress';
import { type ScrobbleRules, watchedThreshold } from './rules';
import type { BoundSession, OpenSession, Playback } from './state';
import type { SessionStep } from './step';
import { decideTraktCall } from './trakt-decision';

/** Folds an observation into playback and emits the Trakt call it warrants, remembering it as the last one. */
function advance(
  session: BoundSession,
  previous: Playback | undefined,
  observation: Observation,
  rules: ScrobbleRules,
): SessionStep<BoundSession> {
  const playback = observe(previous, observation, session.durationMs, rules);
  const threshold = watchedThreshold(rules, session.item);
  const decision = decideTraktCall(
    {
      state: playback.state,
      progress: reportedProgress(playback, session.durationMs, threshold),
      watched: isWatched(playback, session.durationMs, threshold),
      at: observation.at,
      lastAction: session.lastAction,
    },
    rules,
  );
  if (!decision) return { session: { ...session, playback }, actions: [] };
  return {
    session: { ...session, playback, lastAction: { ...decision, at: observation.at } },
    actions: [{ kind: 'trakt', ...decision, sessionKey: session.sessionKey, item: session.item }],
  };
}

/** A report arriving right after a close at the same spot is the close's own echo, not a new play-through. */
function isEchoOfClose(closed: Playback, event: PlayEvent, durationMs: number, rules: ScrobbleRules): boolean {
  const offsetMs = event.viewOffsetMs ?? closed.offsetMs;
  return (
    event.receivedAt - closed.at <= rules.dedupWindowMs &&
    Math.abs(toPercent(offsetMs, durationMs) - toPercent(closed.offsetMs, durationMs)) <= rules.sameProgressTolerancePercent
  );
}

/** A play event for the item the session is bound to. */
export function applyPlayEvent(bound: BoundSession, event: PlayEvent, rules: ScrobbleRules): SessionStep<BoundSession> {
  // Word from the bound item: whatever else was reported on this session was a stray.
  const { candidate: _stray, ...session } = bound;
  const observation = { state: event.state, viewOffsetMs: event.viewOffsetMs, at: event.receivedAt };
  const { playback } = session;
  if (!playback) {
    // Players buffer at offset 0 before seeking to the resume point: only a real report sets the start position.
    return event.state === 'buffering' ? { session, actions: [] } : advance(session, undefined, observation, rules);
  }
  if (playback.state !== 'stopped') return advance(session, playback, observation, rules);
  // Closed: only playing again opens a new play-through; repeated stops and pauses have nothing to add.
  if (event.state !== 'playing' || isEchoOfClose(playback, event, session.durationMs, rules)) return { session, actions: [] };
  // After a scrobble the new play-through must earn its own watch; after a pause it resumes where it was.
  const resumeFrom = session.lastAction?.verb === 'stop' ? { ...playback, watchedMs: 0 } : playback;
  return advance(session, resumeFrom, observation, rules);
}

/** Closes an open session at `at`; without `viewOffsetMs` the position is extrapolated to then. */
export function closeSession(
  session: OpenSession,
  at: number,
  viewOffsetMs: number | undefined,
  rules: ScrobbleRules,
): SessionStep<BoundSession> {
  return advance(session, session.playback, { state: 'stopped', at, viewOffsetMs }, rules);
}

/**
 * Closes a session whose end went unseen (silence, gone from `/status/sessions`) as last observed, with
 * no extrapolation; `now` restarts its silence so it is remembered for one more timeout.
 */
export function closeAsLastSeen(session: OpenSession, now: number, rules: ScrobbleRules): SessionStep<BoundSession> {
  const closed = closeSession(session, session.playback.at, session.playback.offsetMs, rules);
  return { session: { ...closed.session, updatedAt: now }, actions: closed.actions };
}

/** Silent sessions: when the workflow's timer must fire next, and what a `tick` closes or forgets. */
import type { ScrobbleRules } from './rules';
import { closeAsLastSeen } from './session';
import { isOpen, type ScrobbleState, type Session } from './state';
import { foldSessions, type ScrobbleStep } from './step';

/**
 * When a session counts as silent. Webhooks report nothing between play and stop, so a playing session
 * may stay quiet until its item would end; the websocket reports every ~10 s, so for it this only
 * delays closing an abandoned session.
 */
function sessionDeadline(session: Session, rules: ScrobbleRules): number {
  const silentAt = session.updatedAt + rules.sessionTimeoutMs;
  if (!isOpen(session) || session.playback.state !== 'playing') return silentAt;
  return silentAt + Math.max(0, session.durationMs - session.playback.offsetMs);
}

/** When the workflow should send the next `tick`; undefined when no session is tracked. */
export function nextTickAt(state: ScrobbleState, rules: ScrobbleRules): number | undefined {
  const deadlines = Object.values(state.sessions).map((session) => sessionDeadline(session, rules));
  return deadlines.length === 0 ? undefined : Math.min(...deadlines);
}

/**
 * Open sessions past their deadline are closed as last seen (a stop if that was a watch, else a pause)
 * and kept one more timeout so late repeats are recognised; every other silent session is forgotten.
 */
export function expireSilentSessions(state: ScrobbleState, now: number, rules: ScrobbleRules): ScrobbleStep {
  return foldSessions(state, (session) => {
    if (sessionDeadline(session, rules) > now) return { session, actions: [] };
    if (!isOpen(session)) return { session: undefined, actions: [] };
    return closeAsLastSeen(session, now, rules);
  });
}

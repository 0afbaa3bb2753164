/** After a websocket reconnect: sessions that ended while the bridge was not listening. */
import type { SessionsSnapshotEvent } from './events';
import type { ScrobbleRules } from './rules';
import { closeAsLastSeen } from './session';
import { isOpen, type ScrobbleState, type Session } from './state';
import { foldSessions, type ScrobbleStep } from './step';

function isListed(session: Session, snapshot: SessionsSnapshotEvent): boolean {
  return snapshot.sessions.some((listed) => listed.sessionKey === session.sessionKey && listed.ratingKey === session.ratingKey);
}

/**
 * A websocket session not listed with the same item has ended: an open one is closed as last seen, one
 * still being enriched is forgotten (nothing was sent for it). Webhook sessions are keyed by player,
 * not by PMS sessionKey, so the snapshot says nothing about them; closed sessions are left to the timeout.
 */
export function closeVanishedSessions(
  state: ScrobbleState,
  snapshot: SessionsSnapshotEvent,
  now: number,
  rules: ScrobbleRules,
): ScrobbleStep {
  return foldSessions(state, (session) => {
    if (session.source !== 'websocket' || isListed(session, snapshot)) return { session, actions: [] };
    if (session.phase === 'enriching') return { session: undefined, actions: [] };
    if (!isOpen(session)) return { session, actions: [] };
    return closeAsLastSeen(session, now, rules);
  });
}

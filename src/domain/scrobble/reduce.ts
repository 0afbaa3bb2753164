/**
 * The live-scrobbling decision reducer (DESIGN.md §5): `scrobble/<serverId>` only runs this. Pure and
 * deterministic: no clock but `now` (the workflow's time, for timeouts) and each play event's
 * `receivedAt` (the bridge's time, for playback arithmetic, so replayed events keep their spacing).
 */
import { appendPending, awaitsEnrichment, bindSession, failEnrichment, openSession } from './enrichment';
import type { PlayEvent, ScrobbleEvent } from './events';
import { isServerAllowed, isUserAllowed } from './filters';
import { switchItem } from './item-switch';
import { defaultScrobbleRules, type ScrobbleRules } from './rules';
import { applyPlayEvent } from './session';
import { closeVanishedSessions } from './snapshot';
import type { ScrobbleState, Session } from './state';
import { putSession, type ScrobbleStep, type SessionStep } from './step';
import { expireSilentSessions } from './timeouts';

export function reduce(state: ScrobbleState, event: ScrobbleEvent, now: number, rules: ScrobbleRules = defaultScrobbleRules): ScrobbleStep {
  switch (event.kind) {
    case 'play':
      return onPlay(state, event, now, rules);
    case 'enriched': {
      const session = state.sessions[event.sessionKey];
      if (!awaitsEnrichment(session, event.ratingKey)) return { state, actions: [] };
      const bound = bindSession(session, event, rules);
      return { state: putSession(state, bound.session), actions: bound.actions };
    }
    case 'enrich-failed': {
      const session = state.sessions[event.sessionKey];
      if (!awaitsEnrichment(session, event.ratingKey)) return { state, actions: [] };
      return { state: putSession(state, failEnrichment(session, event)), actions: [] };
    }
    case 'tick':
      return expireSilentSessions(state, now, rules);
    case 'sessions-snapshot':
      return isServerAllowed(event.serverUuid, rules) ? closeVanishedSessions(state, event, now, rules) : { state, actions: [] };
  }
}

function onPlay(state: ScrobbleState, event: PlayEvent, now: number, rules: ScrobbleRules): ScrobbleStep {
  // Filtered events leave no trace. A user known only after enrichment is checked when binding.
  const filteredOut = !isServerAllowed(event.serverUuid, rules) || (event.user !== undefined && !isUserAllowed(event.user, rules));
  if (filteredOut) return { state, actions: [] };
  const session = state.sessions[event.sessionKey];
  const step = session ? routePlayEvent(session, event, now, rules) : openSession(event, [event], now, undefined);
  return { state: putSession(state, { ...step.session, updatedAt: now }), actions: step.actions };
}

function routePlayEvent(session: Session, event: PlayEvent, now: number, rules: ScrobbleRules): SessionStep {
  if (event.ratingKey !== session.ratingKey) return switchItem(session, event, now, rules);
  switch (session.phase) {
    case 'enriching':
      return { session: { ...session, pending: appendPending(session.pending, event, rules) }, actions: [] };
    case 'ignored':
      return { session, actions: [] };
    case 'bound':
      return applyPlayEvent(session, event, rules);
  }
}

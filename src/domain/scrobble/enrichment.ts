/** Sessions waiting for their item: the `enrich` request, pending events, and binding on the result. */
import type { EnrichedEvent, EnrichFailedEvent, PlayEvent } from './events';
import { isUserAllowed } from './filters';
import type { ScrobbleRules } from './rules';
import { applyPlayEvent } from './session';
import type { BoundSession, EnrichingSession, IgnoredSession, Session } from './state';
import type { SessionStep } from './step';

/** Appends, dropping the oldest beyond the cap: a lookup that never answers must not grow the state forever. */
export function appendPending(events: readonly PlayEvent[], event: PlayEvent, rules: ScrobbleRules): PlayEvent[] {
  return [...events, event].slice(-rules.maxPendingEvents);
}

/** Starts a session for `event`'s item and asks for the item; `pending` (ending with `event`) is replayed once bound. */
export function openSession(
  event: PlayEvent,
  pending: PlayEvent[],
  now: number,
  previousRatingKey: string | undefined,
): SessionStep<EnrichingSession> {
  const { sessionKey, ratingKey, source, user } = event;
  return {
    session: { phase: 'enriching', sessionKey, ratingKey, source, user, previousRatingKey, updatedAt: now, pending },
    actions: [{ kind: 'enrich', sessionKey, ratingKey }],
  };
}

/** Binds the item, applies the user whitelist (fail closed) and replays the pending events in order. */
export function bindSession(session: EnrichingSession, event: EnrichedEvent, rules: ScrobbleRules): SessionStep {
  const { pending, ...base } = session;
  // The event's own user (webhook Account.title) is first-hand; `/status/sessions` fills in for websocket sessions.
  const user = session.user ?? event.user;
  if (!isUserAllowed(user, rules)) {
    const reason = user === undefined ? 'user-unknown' : 'user-not-allowed';
    return { session: { ...base, user, phase: 'ignored', reason } satisfies IgnoredSession, actions: [] };
  }
  const bound: BoundSession = { ...base, user, phase: 'bound', item: event.item, durationMs: event.durationMs };
  return pending.reduce<SessionStep<BoundSession>>(
    (step, replayed) => {
      const next = applyPlayEvent(step.session, replayed, rules);
      return { session: next.session, actions: [...step.actions, ...next.actions] };
    },
    { session: bound, actions: [] },
  );
}

export function failEnrichment(session: EnrichingSession, event: EnrichFailedEvent): IgnoredSession {
  const { pending: _dropped, ...base } = session;
  return { ...base, phase: 'ignored', reason: 'enrichment-failed', detail: event.reason };
}

/** An enrichment result applies only to the session still waiting for that very item. */
export function awaitsEnrichment(session: Session | undefined, ratingKey: string): session is EnrichingSession {
  return session?.phase === 'enriching' && session.ratingKey === ratingKey;
}

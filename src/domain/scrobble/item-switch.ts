/**
 * A session reporting another item than the one it is bound to. Either the player moved on (autoplay
 * to the next episode, "play next") or the report is a stray (a late event for the previous item, a
 * racing webhook). Told apart like this:
 * - the item this session played just before is always a stray while the session is open or being
 *   enriched (it is what arrives late after an autoplay); on a closed session playing it again is a replay;
 * - autoplay: the bound item had reached its watched threshold when the other item first appeared
 *   (position extrapolated over playing time, since webhooks report nothing between play and stop);
 * - moved on: the other item kept being reported for `moveOnAfterMs` with no word from the bound item;
 * - anything else is held as a candidate (its events kept) and dropped as a stray at the bound item's next report.
 * Moving on stops (or pauses) the previous item first, then opens the next one on the same session.
 */
import { appendPending, openSession } from './enrichment';
import type { PlayEvent } from './events';
import { positionAt, toPercent } from './progress';
import { type ScrobbleRules, watchedThreshold } from './rules';
import { closeSession } from './session';
import { isOpen, type OpenSession, type Session } from './state';
import type { SessionStep } from './step';

function isStray(session: Session, event: PlayEvent): boolean {
  if (event.ratingKey !== session.previousRatingKey) return false;
  return isOpen(session) || session.phase === 'enriching' || event.state !== 'playing';
}

function reachedThreshold(session: OpenSession, at: number, rules: ScrobbleRules): boolean {
  const position = positionAt(session.playback, at, session.durationMs);
  return toPercent(position, session.durationMs) >= watchedThreshold(rules, session.item);
}

export function switchItem(session: Session, event: PlayEvent, now: number, rules: ScrobbleRules): SessionStep {
  if (isStray(session, event)) return { session, actions: [] };
  // Nothing is playing on Trakt for a session that is closed, ignored or still being enriched: just start over.
  if (!isOpen(session)) return openSession(event, [event], now, session.ratingKey);
  const candidateEvents =
    session.candidate?.ratingKey === event.ratingKey ? appendPending(session.candidate.events, event, rules) : [event];
  const appearedAt = candidateEvents[0]?.receivedAt ?? event.receivedAt;
  const movedOn = reachedThreshold(session, appearedAt, rules) || event.receivedAt - appearedAt >= rules.moveOnAfterMs;
  if (!movedOn) return { session: { ...session, candidate: { ratingKey: event.ratingKey, events: candidateEvents } }, actions: [] };
  const previous = closeSession(session, appearedAt, undefined, rules);
  const next = openSession(event, candidateEvents, now, session.ratingKey);
  return { session: next.session, actions: [...previous.actions, ...next.actions] };
}

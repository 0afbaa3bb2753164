import type { ScrobbleState, Session } from '../domain/scrobble';
import type { SessionStatus } from './scrobble-api';

function titleOf(session: Session): string | undefined {
  if (session.phase !== 'bound') return undefined;
  const { item } = session;
  if (item.type === 'episode' && item.season !== undefined && item.episode !== undefined) {
    return `${item.title ?? 'episode'} (S${item.season}E${item.episode})`;
  }
  return item.year === undefined ? item.title : `${item.title ?? 'movie'} (${item.year})`;
}

function describeSession(session: Session): SessionStatus {
  const base = {
    sessionKey: session.sessionKey,
    phase: session.phase,
    ratingKey: session.ratingKey,
    ...(session.user ? { user: session.user } : {}),
  };
  if (session.phase === 'ignored')
    return { ...base, ignoredBecause: session.detail ? `${session.reason}: ${session.detail}` : session.reason };
  if (session.phase === 'enriching') return base;
  const { playback, lastAction } = session;
  return {
    ...base,
    title: titleOf(session),
    ...(playback ? { state: playback.state, progress: Math.round((playback.offsetMs / session.durationMs) * 10_000) / 100 } : {}),
    ...(lastAction ? { lastAction: { verb: lastAction.verb, progress: lastAction.progress } } : {}),
  };
}

/** The sessions of the status query, by sessionKey. */
export function describeSessions(state: ScrobbleState): SessionStatus[] {
  return Object.values(state.sessions)
    .map(describeSession)
    .sort((a, b) => a.sessionKey.localeCompare(b.sessionKey));
}

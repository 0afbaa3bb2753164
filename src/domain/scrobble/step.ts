/** The result types of a reducer step and helpers to build the next state without mutating the last. */
import type { ScrobbleAction } from './actions';
import type { ScrobbleState, Session } from './state';

export interface ScrobbleStep {
  state: ScrobbleState;
  actions: ScrobbleAction[];
}

export interface SessionStep<S extends Session = Session> {
  session: S;
  actions: ScrobbleAction[];
}

export function putSession(state: ScrobbleState, session: Session): ScrobbleState {
  return { sessions: { ...state.sessions, [session.sessionKey]: session } };
}

/** Rebuilds the state session by session; `undefined` forgets a session. Actions keep session order. */
export function foldSessions(
  state: ScrobbleState,
  update: (session: Session) => { session: Session | undefined; actions: ScrobbleAction[] },
): ScrobbleStep {
  const sessions: Record<string, Session> = {};
  const actions: ScrobbleAction[] = [];
  for (const session of Object.values(state.sessions)) {
    const next = update(session);
    if (next.session) sessions[next.session.sessionKey] = next.session;
    actions.push(...next.actions);
  }
  return { state: { sessions }, actions };
}

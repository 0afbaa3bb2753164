import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { condition, continueAsNew, proxyActivities, setDefaultSignalHandler, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  emptyScrobbleState,
  nextTickAt,
  reduce,
  type ScrobbleAction,
  type ScrobbleEvent,
  scrobbleEventSchema,
  type TraktScrobbleAction,
} from '../domain/scrobble';
import {
  defaultScrobbleWorkflowOptions,
  playEventSignal,
  type RecentAction,
  type ScrobbleWorkflowInput,
  scrobbleStatusQuery,
  sessionsSnapshotSignal,
} from './scrobble-api';
import { describeSessions } from './scrobble-status';

const retry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;

/**
 * `scrobble/<serverUuid>`: live scrobbling for one Plex server (DESIGN.md §5). Signals from the bridge are
 * queued, reduced in arrival order by the pure domain reducer, and its actions run per session in order
 * (sessions in parallel). A timer ticks at the reducer's `nextTickAt` to close silent sessions. Continues as new
 * when the server suggests it (or after `maxEventsPerRun`), once every action has finished, carrying the state
 * and the events not reduced yet.
 */
export async function scrobble(input: ScrobbleWorkflowInput): Promise<void> {
  const options = { ...defaultScrobbleWorkflowOptions, ...input.options };
  const { rules, serverUuid } = input;
  const carried = input.carried;
  let state = carried?.state ?? emptyScrobbleState;
  const inbox: ScrobbleEvent[] = [...(carried?.inbox ?? [])];
  const recent: RecentAction[] = [...(carried?.recent ?? [])];
  const run = (carried?.run ?? 0) + 1;
  let eventsReceived = carried?.eventsReceived ?? 0;
  let eventsRejected = carried?.eventsRejected ?? 0;
  let eventsThisRun = 0;

  const receive = (raw: unknown) => {
    // Anyone with access to the namespace can signal: an invalid event is dropped, never allowed to wedge the run.
    const parsed = scrobbleEventSchema.safeParse(raw);
    if (!parsed.success) {
      eventsRejected += 1;
      return;
    }
    inbox.push(parsed.data);
    eventsReceived += 1;
    eventsThisRun += 1;
  };
  // Registered first, so the signals that arrived before any handler existed (the one that started the run, and
  // its companions in the first task) reach `receive` in arrival order: per-name handlers get them grouped by name.
  setDefaultSignalHandler((name, raw) => {
    if (name === playEventSignal.name || name === sessionsSnapshotSignal.name) receive(raw);
    else eventsRejected += 1;
  });
  setHandler(playEventSignal, receive);
  setHandler(sessionsSnapshotSignal, receive);
  setHandler(scrobbleStatusQuery, () => ({
    serverUuid,
    run,
    eventsReceived,
    eventsRejected,
    eventsPending: inbox.length,
    sessions: describeSessions(state),
    recent,
  }));

  const { enrichScrobbleSession } = proxyActivities<Activities>({
    startToCloseTimeout: options.callTimeoutMs,
    scheduleToCloseTimeout: options.updateRetryForMs,
    retry,
  });
  const trakt = (verb: TraktScrobbleAction['verb']) =>
    proxyActivities<Activities>({
      startToCloseTimeout: options.callTimeoutMs,
      scheduleToCloseTimeout: verb === 'stop' ? options.stopRetryForMs : options.updateRetryForMs,
      retry,
    }).sendTraktScrobble;

  const remember = (entry: RecentAction) => {
    recent.push(entry);
    recent.splice(0, Math.max(0, recent.length - options.recentActions));
  };

  const execute = async (action: ScrobbleAction): Promise<void> => {
    if (action.kind === 'enrich') {
      const { sessionKey, ratingKey } = action;
      try {
        inbox.push(await enrichScrobbleSession({ sessionKey, ratingKey, lookUpUser: state.sessions[sessionKey]?.source === 'websocket' }));
      } catch (error) {
        inbox.push({ kind: 'enrich-failed', sessionKey, ratingKey, reason: failureMessage(error) });
      }
      return;
    }
    const { verb, sessionKey, item, progress } = action;
    const base = { sessionKey, verb, progress, ...(item.title ? { title: item.title } : {}) };
    try {
      const result = await trakt(verb)({ serverUuid, sessionKey, verb, item, progress });
      remember({ ...base, at: Date.now(), result: result.outcome });
    } catch (error) {
      remember({ ...base, at: Date.now(), result: 'failed', error: failureMessage(error) });
    }
  };

  // One promise chain per session: its actions run in order, other sessions' run alongside.
  const lanes = new Map<string, Promise<void>>();
  const dispatch = (action: ScrobbleAction) => {
    const lane = (lanes.get(action.sessionKey) ?? Promise.resolve()).then(() => execute(action));
    lanes.set(action.sessionKey, lane);
    void lane.then(() => {
      if (lanes.get(action.sessionKey) === lane) lanes.delete(action.sessionKey);
    });
  };

  const shouldContinueAsNew = () => eventsThisRun >= options.maxEventsPerRun || workflowInfo().continueAsNewSuggested;
  const apply = (event: ScrobbleEvent) => {
    const step = reduce(state, event, Date.now(), rules);
    state = step.state;
    for (const action of step.actions) dispatch(action);
  };

  while (!shouldContinueAsNew()) {
    const tickDue = await waitForWork(() => inbox.length > 0 || shouldContinueAsNew(), nextTickAt(state, rules));
    if (tickDue) apply({ kind: 'tick' });
    for (const event of inbox.splice(0)) apply(event);
  }

  // In-flight calls cannot be carried: let them finish (their results join the inbox), then hand everything on.
  while (lanes.size > 0) await Promise.all(lanes.values());
  await continueAsNew<typeof scrobble>({
    ...input,
    carried: { state, inbox, eventsReceived, eventsRejected, run, recent },
  });
}

/** Waits for an event or for `tickAt` (workflow time); true when the tick is due. */
async function waitForWork(hasWork: () => boolean, tickAt: number | undefined): Promise<boolean> {
  if (tickAt === undefined) {
    await condition(hasWork);
    return false;
  }
  return !(await condition(hasWork, Math.max(1, tickAt - Date.now())));
}

function failureMessage(error: unknown): string {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure) return `${cause.type ?? 'failure'}: ${cause.message}`;
  return cause instanceof Error ? cause.message : String(cause);
}

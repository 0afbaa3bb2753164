import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import {
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  patched,
  proxyActivities,
  setDefaultSignalHandler,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  emptyScrobbleState,
  nextTickAt,
  reduce,
  type ScrobbleAction,
  type ScrobbleEvent,
  scrobbleEventSchema,
  scrobbleRulesSchema,
  type TraktScrobbleAction,
} from '../domain/scrobble';
import {
  defaultScrobbleWorkflowOptions,
  playEventSignal,
  type RecentAction,
  type ScrobbleWorkflowInput,
  scrobbleEventsSignal,
  scrobbleRulesSignal,
  scrobbleStatusQuery,
  sessionsSnapshotSignal,
} from './scrobble-api';
import { jsonBytes, TaskBudget } from './scrobble-budget';
import { describeSessions } from './scrobble-status';

/** Runs started with this patch budget bytes per task and per run (scrobble-budget.ts); older runs replay without. */
export const sizeBudgetPatch = 'scrobble-size-budget';

const retry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;

/**
 * `scrobble/<serverUuid>`: live scrobbling for one Plex server (DESIGN.md §5). Signals from the bridge are
 * queued, reduced in arrival order by the pure domain reducer, and its actions run per session in order
 * (sessions in parallel). A timer ticks at the reducer's `nextTickAt` to close silent sessions. Continues as new
 * when the server suggests it (or after `maxEventsPerRun` signals or `maxSignalBytesPerRun` bytes of them), once every
 * action in flight has finished, carrying the state, the events not reduced yet and the actions not started yet.
 * Events are reduced while the activity inputs scheduled in the current task stay under `maxActionBytesPerTask`;
 * the rest wait for the next task, which the calls in flight bring.
 */
export async function scrobble(input: ScrobbleWorkflowInput): Promise<void> {
  const options = { ...defaultScrobbleWorkflowOptions, ...input.options };
  const { serverUuid } = input;
  let rules = input.rules;
  const carried = input.carried;
  let state = carried?.state ?? emptyScrobbleState;
  const inbox: ScrobbleEvent[] = [...(carried?.inbox ?? [])];
  const recent: RecentAction[] = [...(carried?.recent ?? [])];
  const run = (carried?.run ?? 0) + 1;
  let eventsReceived = carried?.eventsReceived ?? 0;
  let eventsRejected = carried?.eventsRejected ?? 0;
  let eventsThisRun = 0;
  const budgeted = patched(sizeBudgetPatch);
  let signalBytesThisRun = 0;
  const taskBudget = new TaskBudget(options.maxActionBytesPerTask, () => workflowInfo().historyLength);
  /** Every signal costs its size in history, valid or not. */
  const counted =
    <T extends unknown[]>(handler: (raw: unknown, ...rest: T) => void) =>
    (raw: unknown, ...rest: T) => {
      signalBytesThisRun += jsonBytes(raw);
      handler(raw, ...rest);
    };

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
  const adoptRules = (raw: unknown) => {
    const parsed = scrobbleRulesSchema.safeParse(raw);
    if (parsed.success) rules = parsed.data;
    else eventsRejected += 1;
  };
  /** A batch from the websocket watcher: its events in order, each validated on its own. */
  const receiveAll = (raw: unknown) => {
    if (Array.isArray(raw)) for (const event of raw) receive(event);
    else eventsRejected += 1;
  };
  // Registered first, so the signals that arrived before any handler existed (the one that started the run, and
  // its companions in the first task) reach `receive` in arrival order: per-name handlers get them grouped by name.
  setDefaultSignalHandler((name, ...args) => {
    const [raw] = args;
    signalBytesThisRun += jsonBytes(args);
    if (name === playEventSignal.name || name === sessionsSnapshotSignal.name) receive(raw);
    else if (name === scrobbleEventsSignal.name) receiveAll(raw);
    else if (name === scrobbleRulesSignal.name) adoptRules(raw);
    else eventsRejected += 1;
  });
  setHandler(playEventSignal, counted(receive));
  setHandler(sessionsSnapshotSignal, counted(receive));
  setHandler(scrobbleEventsSignal, counted(receiveAll));
  setHandler(scrobbleRulesSignal, counted(adoptRules));
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
        // A websocket session's user comes from the bridge; `/status/sessions` only when the bridge could not tell.
        const session = state.sessions[sessionKey];
        const lookUpUser = session?.source === 'websocket' && session.user === undefined;
        inbox.push(await enrichScrobbleSession({ sessionKey, ratingKey, lookUpUser }));
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
    if (budgeted) taskBudget.spend(jsonBytes(action));
    const lane = (lanes.get(action.sessionKey) ?? Promise.resolve()).then(() => execute(action));
    lanes.set(action.sessionKey, lane);
    void lane.then(() => {
      if (lanes.get(action.sessionKey) === lane) lanes.delete(action.sessionKey);
    });
  };

  const shouldContinueAsNew = () =>
    eventsThisRun >= options.maxEventsPerRun ||
    (budgeted && signalBytesThisRun >= options.maxSignalBytesPerRun) ||
    workflowInfo().continueAsNewSuggested;
  /** Events to reduce now: all of them, or (budgeted) while this task's scheduled activity inputs are under budget. */
  const reducible = () => inbox.length > 0 && !(budgeted && taskBudget.exhausted());
  const reduceInbox = () => {
    if (!budgeted) for (const event of inbox.splice(0)) apply(event);
    else while (reducible()) apply(inbox.shift() as ScrobbleEvent);
  };
  /** While the run winds down, actions are not started but handed to the next run, in order. */
  let deferred: ScrobbleAction[] | undefined;
  const apply = (event: ScrobbleEvent) => {
    const step = reduce(state, event, Date.now(), rules);
    state = step.state;
    for (const action of step.actions) {
      if (deferred) deferred.push(action);
      else dispatch(action);
    }
  };
  // The previous run's deferred actions come before anything it carried in its inbox.
  for (const action of carried?.actions ?? []) dispatch(action);

  // One timer at a time, armed for the earliest deadline: events mostly push deadlines later, and restarting a
  // timer per event would add two history events per workflow task. A tick before anything is due is a no-op.
  let timer: { at: number; scope: CancellationScope } | undefined;
  let tickDue = false;
  const arm = (tickAt: number | undefined) => {
    if (tickAt === undefined || (timer && timer.at <= tickAt)) return;
    timer?.scope.cancel();
    const armed = { at: tickAt, scope: new CancellationScope() };
    timer = armed;
    armed.scope
      .run(() => sleep(Math.max(1, tickAt - Date.now())))
      .then(
        () => {
          if (timer === armed) {
            timer = undefined;
            tickDue = true;
          }
        },
        (error: unknown) => {
          if (!isCancellation(error)) throw error;
        },
      );
  };

  while (!shouldContinueAsNew()) {
    arm(nextTickAt(state, rules));
    await condition(() => reducible() || tickDue || shouldContinueAsNew());
    if (tickDue) {
      tickDue = false;
      apply({ kind: 'tick' });
    }
    reduceInbox();
  }

  // In-flight calls cannot be carried: let them finish (their results join the inbox), then hand everything on.
  // Events keep coming meanwhile and are reduced as they arrive, so the carried input stays the size of the
  // sessions, not of the backlog (past 2 MB the server would terminate the run).
  deferred = [];
  while (lanes.size > 0) {
    await condition(() => lanes.size === 0 || inbox.length > 0);
    for (const event of inbox.splice(0)) apply(event);
  }
  timer?.scope.cancel();
  await continueAsNew<typeof scrobble>({
    ...input,
    rules,
    carried: { state, inbox, actions: deferred, eventsReceived, eventsRejected, run, recent },
  });
}

function failureMessage(error: unknown): string {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure) return `${cause.type ?? 'failure'}: ${cause.message}`;
  return cause instanceof Error ? cause.message : String(cause);
}

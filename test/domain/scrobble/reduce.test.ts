import { describe, expect, it } from 'vitest';
import {
  defaultScrobbleRules,
  emptyScrobbleState,
  nextTickAt,
  type PlaybackState,
  type PlayEvent,
  reduce,
  type ScrobbleAction,
  type ScrobbleEvent,
  type ScrobbleItem,
  type ScrobbleRules,
  type ScrobbleState,
  type ScrobbleStep,
  webhookSessionKey,
} from '../../../src/domain/scrobble';

// One item lasts 1000 s, so 1 % is 10 s of playing and a percent maps to seconds × 10.
const durationMs = 1_000_000;
const server = 'server-uuid';
const rules: ScrobbleRules = { ...defaultScrobbleRules, serverUuid: server, sessionTimeoutMs: 60_000 };

const items: Record<string, ScrobbleItem> = {
  '9723': { type: 'movie', title: 'Barry Lyndon', year: 1975, ids: { imdb: 'tt0072684' } },
  '101': { type: 'episode', ids: { tvdb: 1001 }, show_ids: { tvdb: 73871 }, season: 2, episode: 1 },
  '102': { type: 'episode', ids: { tvdb: 1002 }, show_ids: { tvdb: 73871 }, season: 2, episode: 2 },
};
const movie = '9723';
const [episode1, episode2] = ['101', '102'];

interface Step {
  event: ScrobbleEvent;
  now: number;
}

/** A websocket report for session 19: `percent` of the item at `seconds` (undefined = offset not reported). */
function ws(state: PlaybackState, percent: number | undefined, seconds: number, patch: Partial<PlayEvent> = {}): Step {
  const event: PlayEvent = {
    kind: 'play',
    serverUuid: server,
    sessionKey: '19',
    ratingKey: movie,
    state,
    viewOffsetMs: percent === undefined ? undefined : percent * 10_000,
    receivedAt: seconds * 1000,
    source: 'websocket',
    ...patch,
  };
  return { event, now: event.receivedAt };
}

/** A webhook from player-1 (user alice). */
function wh(state: PlaybackState, percent: number | undefined, seconds: number, patch: Partial<PlayEvent> = {}): Step {
  return ws(state, percent, seconds, { sessionKey: webhookSessionKey('player-1'), source: 'webhook', user: 'alice', ...patch });
}

const tick = (seconds: number): Step => ({ event: { kind: 'tick' }, now: seconds * 1000 });
const snapshot = (seconds: number, sessions: { sessionKey: string; ratingKey: string }[], serverUuid = server): Step => ({
  event: { kind: 'sessions-snapshot', serverUuid, sessions },
  now: seconds * 1000,
});

interface DriveOptions {
  rules?: ScrobbleRules;
  /** Answer every `enrich` at once, as the workflow's activity would (false: the test answers itself). */
  autoEnrich?: boolean;
  enrichedUser?: string;
  /** Round-trip the state through JSON between steps, as continue-as-new does. */
  viaJson?: boolean;
  /** Deep-freeze the state handed to every step: the reducer must not mutate it. */
  freeze?: boolean;
  /** After the steps, tick at every `nextTickAt` until no session is left: every session ends. */
  drain?: boolean;
  /** Sees every reducer result. */
  onStep?: (result: ScrobbleStep) => void;
}

function drive(steps: Step[], options: DriveOptions = {}) {
  const stepRules = options.rules ?? rules;
  let state: ScrobbleState = emptyScrobbleState;
  const actions: ScrobbleAction[] = [];
  const apply = (event: ScrobbleEvent, now: number) => {
    const input: ScrobbleState = options.viaJson ? JSON.parse(JSON.stringify(state)) : options.freeze ? deepFreeze(state) : state;
    const result = reduce(input, event, now, stepRules);
    options.onStep?.(result);
    state = result.state;
    actions.push(...result.actions);
    for (const action of result.actions) {
      if (action.kind !== 'enrich' || options.autoEnrich === false) continue;
      const item = items[action.ratingKey];
      if (!item) throw new Error(`no test item ${action.ratingKey}`);
      const { sessionKey, ratingKey } = action;
      apply({ kind: 'enriched', sessionKey, ratingKey, item, durationMs, user: options.enrichedUser }, now);
    }
  };
  for (const { event, now } of steps) apply(event, now);
  for (let at = nextTickAt(state, stepRules); options.drain && at !== undefined; at = nextTickAt(state, stepRules))
    apply({ kind: 'tick' }, at);
  return { state, actions, calls: actions.flatMap(describeCall) };
}

/** "start 12.5", or "stop E2 96" for episodes. */
function describeCall(action: ScrobbleAction): string[] {
  if (action.kind !== 'trakt') return [];
  const episode = action.item.type === 'episode' ? ` E${action.item.episode}` : '';
  return [`${action.verb}${episode} ${action.progress}`];
}

type Row = [name: string, steps: Step[], calls: string[]];

describe('start and pause de-duplication', () => {
  it.each<Row>([
    ['one start while playing goes on', [ws('playing', 0, 0), ws('playing', 1, 10), ws('playing', 2, 20)], ['start 0']],
    [
      'a start again after a pause',
      [ws('playing', 10, 100), ws('paused', 11, 110), ws('playing', 11, 120)],
      ['start 10', 'pause 11', 'start 11'],
    ],
    ['buffering says nothing', [ws('buffering', 0, 0), ws('playing', 0, 1), ws('buffering', 1, 11), ws('playing', 1, 15)], ['start 0']],
    [
      'a repeated pause 4.9 s later at the same progress',
      [ws('playing', 10, 100), ws('paused', 20, 200), ws('paused', 20, 204.9)],
      ['start 10', 'pause 20'],
    ],
    [
      'a repeated pause exactly 5 s later',
      [ws('playing', 10, 100), ws('paused', 20, 200), ws('paused', 20, 205)],
      ['start 10', 'pause 20'],
    ],
    [
      'a repeated pause 5.1 s later is sent',
      [ws('playing', 10, 100), ws('paused', 20, 200), ws('paused', 20, 205.1)],
      ['start 10', 'pause 20', 'pause 20'],
    ],
    [
      'a repeated pause within the window at about the same progress (+0.5)',
      [ws('playing', 10, 100), ws('paused', 20, 200), ws('paused', 20.5, 202)],
      ['start 10', 'pause 20'],
    ],
    [
      'a repeated pause within the window after a seek (+5)',
      [ws('playing', 10, 100), ws('paused', 20, 200), ws('paused', 25, 202)],
      ['start 10', 'pause 20', 'pause 25'],
    ],
    ['a session first seen paused reports its progress', [ws('paused', 30, 0)], ['pause 30']],
    ['paused below 1 % with nothing started says nothing', [ws('paused', 0.5, 0)], []],
  ])('%s', (_name, steps, calls) => {
    expect(drive(steps).calls).toEqual(calls);
  });
});

describe('watched threshold (80 % by default)', () => {
  const watchedTo = (percent: number): Step[] => [ws('playing', 0, 0), ws('stopped', percent, percent * 10)];
  it.each<Row>([
    ['stop at 79.9 → pause', watchedTo(79.9), ['start 0', 'pause 79.9']],
    ['stop at 80 → stop', watchedTo(80), ['start 0', 'stop 80']],
    ['stop at 80.1 → stop', watchedTo(80.1), ['start 0', 'stop 80.1']],
    ['stop at 79.95 → pause capped at 79.9', watchedTo(79.95), ['start 0', 'pause 79.9']],
    ['stop at 100 → stop', watchedTo(100), ['start 0', 'stop 100']],
    ['stop at 0.5 % after a start → pause, never a 422 stop', watchedTo(0.5), ['start 0', 'pause 0.5']],
    ['stop at 0.5 % with nothing started → nothing', [ws('stopped', 0.5, 5)], []],
    ['a lone stop past the threshold (resumed session seen late) → stop', [ws('stopped', 95, 0)], ['stop 95']],
    ['a pause past the threshold stays a pause', [ws('playing', 0, 0), ws('paused', 90, 900)], ['start 0', 'pause 90']],
    [
      'a stop after a pause at the same spot adds nothing',
      [ws('playing', 0, 0), ws('paused', 40, 400), ws('stopped', 40, 460)],
      ['start 0', 'pause 40'],
    ],
    [
      'a stop after a pause past the threshold scrobbles',
      [ws('playing', 0, 0), ws('paused', 90, 900), ws('stopped', 90, 960)],
      ['start 0', 'pause 90', 'stop 90'],
    ],
    ['a resume from 50 % watched to 85 % → stop', [ws('playing', 50, 0), ws('stopped', 85, 350)], ['start 50', 'stop 85']],
    ['double-speed playback counts', [ws('playing', 0, 0), ws('playing', 40, 200), ws('stopped', 85, 425)], ['start 0', 'stop 85']],
  ])('%s', (_name, steps, calls) => {
    expect(drive(steps).calls).toEqual(calls);
  });

  it.each<[string, ScrobbleRules['watchedThresholdPercent'], string, number, string]>([
    ['episode 89.9 under a 90 % episode threshold', { movie: 80, episode: 90 }, episode1, 89.9, 'pause E1 89.9'],
    ['episode 90 under a 90 % episode threshold', { movie: 80, episode: 90 }, episode1, 90, 'stop E1 90'],
    ['movie 85 under a 90 % episode threshold', { movie: 80, episode: 90 }, movie, 85, 'stop 85'],
    ['movie 94.9 under a 95 % movie threshold', { movie: 95, episode: 80 }, movie, 94.9, 'pause 94.9'],
    ['movie 95 under a 95 % movie threshold', { movie: 95, episode: 80 }, movie, 95, 'stop 95'],
  ])('per media type: %s', (_name, watchedThresholdPercent, ratingKey, percent, call) => {
    const steps = [ws('playing', 0, 0, { ratingKey }), ws('stopped', percent, percent * 10, { ratingKey })];
    expect(drive(steps, { rules: { ...rules, watchedThresholdPercent } }).calls.at(-1)).toBe(call);
  });
});

describe('repeated stops and new play-throughs', () => {
  it.each<Row>([
    ['a repeated stop 4.9 s later', [ws('playing', 0, 0), ws('stopped', 90, 900), ws('stopped', 90, 904.9)], ['start 0', 'stop 90']],
    [
      'a repeated stop 5.1 s later (no play between: same play-through)',
      [ws('playing', 0, 0), ws('stopped', 90, 900), ws('stopped', 90, 905.1)],
      ['start 0', 'stop 90'],
    ],
    [
      'a playing echo within 5 s of the stop, then the stop again',
      [ws('playing', 0, 0), ws('stopped', 90, 900), ws('playing', 90, 902), ws('stopped', 90, 904.9)],
      ['start 0', 'stop 90'],
    ],
    [
      'playing again 5.1 s after a stop below the threshold opens a new play-through',
      [ws('playing', 0, 0), ws('stopped', 40, 400), ws('playing', 40, 405.1), ws('stopped', 45, 455)],
      ['start 0', 'pause 40', 'start 40', 'pause 45'],
    ],
    [
      'replaying the last minutes after a scrobble is not another watch',
      [ws('playing', 0, 0), ws('stopped', 90, 900), ws('playing', 90, 960), ws('stopped', 100, 1060)],
      ['start 0', 'stop 90', 'start 79.9', 'pause 79.9'],
    ],
    [
      'watching it again from the start is another watch',
      [ws('playing', 0, 0), ws('stopped', 90, 900), ws('playing', 0, 960), ws('stopped', 85, 1810)],
      ['start 0', 'stop 90', 'start 0', 'stop 85'],
    ],
    ['a pause after a stop is ignored', [ws('playing', 0, 0), ws('stopped', 50, 500), ws('paused', 50, 600)], ['start 0', 'pause 50']],
  ])('%s', (_name, steps, calls) => {
    expect(drive(steps).calls).toEqual(calls);
  });
});

describe('a jump to the end is not a watch', () => {
  it.each<Row>([
    [
      'seek from 10 % to 100 % and stop',
      [ws('playing', 10, 100), ws('playing', 100, 103), ws('stopped', 100, 104)],
      ['start 10', 'pause 79.9'],
    ],
    ['seek from 10 % to 100 % reported as the stop itself', [ws('playing', 10, 100), ws('stopped', 100, 102)], ['start 10', 'pause 79.9']],
    [
      'seek from 10 % to 95 % and play a minute',
      [ws('playing', 10, 100), ws('playing', 95, 101), ws('stopped', 100, 161)],
      ['start 10', 'pause 79.9'],
    ],
    [
      'seek from 10 % to 50 %, play to 90 %',
      [ws('playing', 10, 100), ws('playing', 50, 101), ws('stopped', 90, 501)],
      ['start 10', 'pause 79.9'],
    ],
    [
      'watched to 85 %, then seek to the end',
      [ws('playing', 0, 0), ws('playing', 85, 850), ws('stopped', 100, 851)],
      ['start 0', 'stop 100'],
    ],
    [
      'skip a 1 % intro, watch to 81 %',
      [ws('playing', 0, 0), ws('playing', 1, 10), ws('playing', 2, 11), ws('stopped', 81, 800)],
      ['start 0', 'stop 81'],
    ],
  ])('%s', (_name, steps, calls) => {
    expect(drive(steps).calls).toEqual(calls);
  });
});

describe('webhooks (no reports between play and stop, offsets often missing)', () => {
  it.each<Row>([
    [
      'play, then stop without an offset after 90 % of the runtime',
      [wh('playing', undefined, 0), wh('stopped', undefined, 900)],
      ['start 0', 'stop 90'],
    ],
    ['play, then stop without an offset after 50 %', [wh('playing', undefined, 0), wh('stopped', undefined, 500)], ['start 0', 'pause 50']],
    [
      'pause and resume carry offsets; media.scrobble is a playing report',
      [
        wh('playing', undefined, 0),
        wh('paused', 30, 300),
        wh('playing', 30, 400),
        wh('playing', undefined, 1000),
        wh('stopped', undefined, 1100),
      ],
      ['start 0', 'pause 30', 'start 30', 'stop 100'],
    ],
  ])('%s', (_name, steps, calls) => {
    expect(drive(steps).calls).toEqual(calls);
  });
});

describe('autoplay and stray events', () => {
  const e1 = { ratingKey: episode1 };
  const e2 = { ratingKey: episode2 };
  it.each<Row>([
    [
      'autoplay at the end: stop the previous, then start the next',
      [ws('playing', 0, 0, e1), ws('playing', 95, 950, e1), ws('playing', 0, 960, e2), ws('playing', 1, 970, e2)],
      ['start E1 0', 'stop E1 96', 'start E2 0'],
    ],
    [
      'autoplay while paused on the credits',
      [ws('playing', 0, 0, e1), ws('paused', 90, 900, e1), ws('playing', 0, 960, e2)],
      ['start E1 0', 'pause E1 90', 'stop E1 90', 'start E2 0'],
    ],
    [
      'a late report for the previous item after autoplay is a stray',
      [
        ws('playing', 0, 0, e1),
        ws('playing', 95, 950, e1),
        ws('playing', 0, 960, e2),
        ws('stopped', 100, 961, e1),
        ws('paused', 1, 970, e2),
      ],
      ['start E1 0', 'stop E1 96', 'start E2 0', 'pause E2 1'],
    ],
    [
      'another item mid-episode, then the bound one again: a stray',
      [
        ws('playing', 0, 0, e1),
        ws('playing', 40, 400, e1),
        ws('playing', 0, 405, e2),
        ws('playing', 41, 410, e1),
        ws('stopped', 50, 500, e1),
      ],
      ['start E1 0', 'pause E1 50'],
    ],
    [
      'another item reported for 30 s with no word of the bound one: the player moved on',
      [
        ws('playing', 0, 0, e1),
        ws('playing', 40, 400, e1),
        ws('playing', 0, 401, e2),
        ws('playing', 1, 411, e2),
        ws('playing', 3, 431, e2),
      ],
      ['start E1 0', 'pause E1 40.1', 'start E2 0'],
    ],
    [
      'another item for 29.9 s is still only a candidate',
      [ws('playing', 0, 0, e1), ws('playing', 40, 400, e1), ws('playing', 0, 401, e2), ws('playing', 3, 430.9, e2)],
      ['start E1 0'],
    ],
    [
      'webhook autoplay: play E2 arrives when E1 would have reached 95 %',
      [wh('playing', undefined, 0, e1), wh('playing', undefined, 950, e2), wh('stopped', undefined, 951, e1)],
      ['start E1 0', 'stop E1 95', 'start E2 0'],
    ],
    [
      'after the next item stopped, playing the previous one again is a replay',
      [
        ws('playing', 0, 0, e1),
        ws('playing', 95, 950, e1),
        ws('playing', 0, 960, e2),
        ws('stopped', 10, 1060, e2),
        ws('playing', 50, 1100, e1),
      ],
      ['start E1 0', 'stop E1 96', 'start E2 0', 'pause E2 10', 'start E1 50'],
    ],
  ])('%s', (_name, steps, calls) => {
    expect(drive(steps).calls).toEqual(calls);
  });
});

describe('silent sessions are closed on tick', () => {
  it.each<Row>([
    [
      'playing at 40 %, silent past the runtime left + timeout → pause',
      [ws('playing', 0, 0), ws('playing', 40, 400), tick(400 + 600 + 60)],
      ['start 0', 'pause 40'],
    ],
    ['… but not a millisecond earlier', [ws('playing', 0, 0), ws('playing', 40, 400), tick(400 + 600 + 59.999)], ['start 0']],
    [
      'playing at 85 %, silent → stop (a watch)',
      [ws('playing', 0, 0), ws('playing', 85, 850), tick(850 + 150 + 60)],
      ['start 0', 'stop 85'],
    ],
    [
      'paused at 40 %, silent past the timeout → nothing new (the pause stands)',
      [ws('playing', 0, 0), ws('paused', 40, 400), tick(460)],
      ['start 0', 'pause 40'],
    ],
    [
      'buffering at 40 %, silent past the timeout → pause',
      [ws('playing', 0, 0), ws('buffering', 40, 400), tick(460)],
      ['start 0', 'pause 40'],
    ],
    [
      'the close is not repeated by later ticks',
      [ws('playing', 0, 0), ws('paused', 85, 850), tick(910), tick(970), tick(5000)],
      ['start 0', 'pause 85', 'stop 85'],
    ],
  ])('%s', (_name, steps, calls) => {
    expect(drive(steps).calls).toEqual(calls);
  });

  it('forgets a closed session one more timeout later, and a session whose lookup never answered', () => {
    const closed = drive([ws('playing', 0, 0), ws('paused', 40, 400), tick(460)]);
    expect(Object.keys(closed.state.sessions)).toEqual(['19']);
    expect(reduce(closed.state, { kind: 'tick' }, 520_000, rules).state).toEqual(emptyScrobbleState);
    const unanswered = drive([ws('playing', 0, 0)], { autoEnrich: false });
    expect(reduce(unanswered.state, { kind: 'tick' }, 60_000, rules)).toEqual({ state: emptyScrobbleState, actions: [] });
  });

  it('nextTickAt is the earliest deadline', () => {
    expect(nextTickAt(emptyScrobbleState, rules)).toBeUndefined();
    const { state } = drive([ws('playing', 40, 400), ws('paused', 10, 300, { sessionKey: '20' })]);
    expect(nextTickAt(state, rules)).toBe(360_000);
    expect(nextTickAt(drive([ws('playing', 40, 400)]).state, rules)).toBe(400_000 + 600_000 + 60_000);
  });
});

describe('a sessions snapshot after a websocket reconnect', () => {
  const playingAt50 = [ws('playing', 0, 0), ws('playing', 50, 500)];
  it.each<Row>([
    ['closes a session that is gone', [...playingAt50, snapshot(700, [])], ['start 0', 'pause 50']],
    [
      'closes a gone session past the threshold with a stop',
      [ws('playing', 0, 0), ws('playing', 85, 850), snapshot(900, [])],
      ['start 0', 'stop 85'],
    ],
    [
      'closes a session now playing another item',
      [...playingAt50, snapshot(700, [{ sessionKey: '19', ratingKey: '555' }])],
      ['start 0', 'pause 50'],
    ],
    ['keeps a session still listed', [...playingAt50, snapshot(700, [{ sessionKey: '19', ratingKey: movie }])], ['start 0']],
    ['ignores a snapshot from another server', [...playingAt50, snapshot(700, [], 'other-server')], ['start 0']],
    ['leaves webhook sessions alone', [wh('playing', 0, 0), snapshot(10, [])], ['start 0']],
    ['does not close twice', [...playingAt50, ws('stopped', 50, 510), snapshot(700, [])], ['start 0', 'pause 50']],
  ])('%s', (_name, steps, calls) => {
    expect(drive(steps).calls).toEqual(calls);
  });

  it('forgets a session still waiting for its lookup', () => {
    const { state } = drive([ws('playing', 0, 0), snapshot(10, [])], { autoEnrich: false });
    expect(state).toEqual(emptyScrobbleState);
  });
});

describe('filters', () => {
  const whitelist = (...allowedUsers: string[]): ScrobbleRules => ({ ...rules, allowedUsers });
  it.each<[string, ScrobbleRules, string | undefined, boolean]>([
    ['no whitelist, unknown user', rules, undefined, true],
    ['no whitelist, any user', rules, 'bob', true],
    ['whitelisted user (case-insensitive)', whitelist('alice'), 'Alice', true],
    ['user not on the whitelist', whitelist('alice'), 'bob', false],
    ['unknown user with a whitelist: fail closed', whitelist('alice'), undefined, false],
  ])('websocket session, user from enrichment: %s', (_name, stepRules, enrichedUser, scrobbles) => {
    const { calls, state } = drive([ws('playing', 0, 0), ws('stopped', 90, 900)], { rules: stepRules, enrichedUser });
    expect(calls).toEqual(scrobbles ? ['start 0', 'stop 90'] : []);
    expect(state.sessions['19']?.phase).toBe(scrobbles ? 'bound' : 'ignored');
  });

  it('an ignored session is not looked up again', () => {
    const { actions } = drive([ws('playing', 0, 0), ws('playing', 1, 10), ws('stopped', 2, 20)], { rules: whitelist('alice') });
    expect(actions).toEqual([{ kind: 'enrich', sessionKey: '19', ratingKey: movie }]);
  });

  it.each<[string, ScrobbleRules, Step]>([
    ['a webhook from a user not on the whitelist', whitelist('carol'), wh('playing', 0, 0)],
    ['an event from another server', rules, ws('playing', 0, 0, { serverUuid: 'other-server' })],
  ])('%s leaves no trace', (_name, stepRules, step) => {
    expect(reduce(emptyScrobbleState, step.event, step.now, stepRules)).toEqual({ state: emptyScrobbleState, actions: [] });
  });

  it('a webhook from a whitelisted user needs no lookup of the user', () => {
    expect(drive([wh('playing', 0, 0), wh('stopped', 90, 900)], { rules: whitelist('ALICE') }).calls).toEqual(['start 0', 'stop 90']);
  });

  it('with no server pinned, any server is accepted', () => {
    const steps = [ws('playing', 0, 0, { serverUuid: 'other-server' })];
    expect(drive(steps, { rules: { ...rules, serverUuid: undefined } }).calls).toEqual(['start 0']);
  });
});

describe('enrichment', () => {
  it('asks once, keeps events until bound, then replays them in order', () => {
    const early = drive([ws('buffering', 0, 0), ws('playing', 0, 1), ws('playing', 1, 11), ws('paused', 2, 21)], { autoEnrich: false });
    expect(early.actions).toEqual([{ kind: 'enrich', sessionKey: '19', ratingKey: movie }]);
    const bound = reduce(
      early.state,
      { kind: 'enriched', sessionKey: '19', ratingKey: movie, item: items[movie]!, durationMs },
      30_000,
      rules,
    );
    expect(bound.actions.flatMap(describeCall)).toEqual(['start 0', 'pause 2']);
  });

  it('keeps only the newest events while waiting', () => {
    const steps = [0, 1, 2, 3].map((second) => ws('playing', second / 10, second));
    const { state } = drive(steps, { autoEnrich: false, rules: { ...rules, maxPendingEvents: 2 } });
    const session = state.sessions['19'];
    expect(session?.phase === 'enriching' && session.pending.map((event) => event.receivedAt)).toEqual([2000, 3000]);
  });

  it.each<[string, ScrobbleEvent]>([
    ['a result for another item', { kind: 'enriched', sessionKey: '19', ratingKey: '555', item: items[movie]!, durationMs }],
    ['a result for an unknown session', { kind: 'enriched', sessionKey: '77', ratingKey: movie, item: items[movie]!, durationMs }],
    ['a failure for another item', { kind: 'enrich-failed', sessionKey: '19', ratingKey: '555', reason: 'gone' }],
  ])('ignores %s', (_name, event) => {
    const { state } = drive([ws('playing', 0, 0)], { autoEnrich: false });
    expect(reduce(state, event, 1000, rules)).toEqual({ state, actions: [] });
  });

  it('a duplicate result changes nothing', () => {
    const { state } = drive([ws('playing', 0, 0)]);
    const again = reduce(state, { kind: 'enriched', sessionKey: '19', ratingKey: movie, item: items[movie]!, durationMs }, 1000, rules);
    expect(again).toEqual({ state, actions: [] });
  });

  it('an unscrobbable item is ignored until the session changes item', () => {
    const { state } = drive([ws('playing', 0, 0)], { autoEnrich: false });
    const failed = reduce(state, { kind: 'enrich-failed', sessionKey: '19', ratingKey: movie, reason: 'no external ids' }, 1000, rules);
    expect(failed.state.sessions['19']).toMatchObject({ phase: 'ignored', reason: 'enrichment-failed', detail: 'no external ids' });
    expect(reduce(failed.state, ws('stopped', 90, 900).event, 900_000, rules).actions).toEqual([]);
    expect(reduce(failed.state, ws('playing', 0, 950, { ratingKey: episode1 }).event, 950_000, rules).actions).toEqual([
      { kind: 'enrich', sessionKey: '19', ratingKey: episode1 },
    ]);
  });
});

describe('state', () => {
  const story = [
    ws('playing', 0, 0, { ratingKey: episode1 }),
    ws('paused', 50, 500, { ratingKey: episode1 }),
    ws('playing', 50, 560, { ratingKey: episode1 }),
    ws('playing', 0, 1000, { ratingKey: episode2 }),
    wh('playing', undefined, 1000),
    ws('playing', 5, 1050, { ratingKey: episode2, sessionKey: '20' }),
    tick(5000),
  ];

  it('survives a JSON round trip between every step (continue-as-new)', () => {
    expect(drive(story, { viaJson: true })).toEqual(drive(story));
  });

  it('is never mutated', () => {
    expect(drive(story, { freeze: true })).toEqual(drive(story));
  });
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe('properties over random event sequences', () => {
  /** mulberry32: a tiny seeded generator, so a failing seed can be replayed. */
  function seededRandom(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function pick<T>(random: () => number, weighted: [T, number][]): T {
    let roll = random() * weighted.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [value, weight] of weighted) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return weighted[0]![0];
  }

  /** Mostly natural playback with seeks, pauses, buffering, missing offsets, item changes, ticks and snapshots. */
  function randomStory(random: () => number, ratingKeys: string[], maxGapSeconds: number, length: number): Step[] {
    const steps: Step[] = [];
    let seconds = 0;
    let percent = random() * 100;
    let ratingKey = ratingKeys[0]!;
    let state: PlaybackState = 'playing';
    for (let index = 0; index < length; index++) {
      const gap = Math.min(
        maxGapSeconds,
        pick(random, [
          [random() * 6, 5],
          [random() * 60, 3],
          [random() * maxGapSeconds, 2],
        ]),
      );
      seconds += gap;
      const kind = pick(random, [
        ['play', 90],
        ['tick', 5],
        ['snapshot', 5],
      ] as const);
      if (kind === 'tick') steps.push(tick(seconds));
      else if (kind === 'snapshot') steps.push(snapshot(seconds, random() < 0.5 ? [] : [{ sessionKey: '19', ratingKey }]));
      else {
        if (random() < 0.1)
          ratingKey = pick(
            random,
            ratingKeys.map((key) => [key, 1] as [string, number]),
          );
        const advanced = state === 'playing' ? percent + gap / 10 : percent;
        percent = Math.min(
          100,
          pick(random, [
            [advanced, 7],
            [random() * 100, 2],
            [percent, 1],
          ]),
        );
        state = pick(random, [
          ['playing', 5],
          ['paused', 2],
          ['stopped', 2],
          ['buffering', 1],
        ] as const);
        const reported = random() < 0.1 ? undefined : Math.round(percent * 100) / 100;
        steps.push(ws(state, reported, seconds, { ratingKey }));
      }
    }
    return steps;
  }

  /**
   * Trakt calls per play-through of an item on a session. A session the reducer forgot (silent past
   * its timeout) starts a new play-through when it reappears, so forgetting splits the runs.
   */
  function callsPerPlayThrough(steps: Step[], drain: boolean): Map<string, string[]> {
    const runs = new Map<string, string[]>();
    const generation = new Map<string, number>();
    const known = new Set<string>();
    drive(steps, {
      drain,
      onStep: ({ state, actions }) => {
        for (const action of actions) {
          if (action.kind !== 'trakt') continue;
          const run = `${action.sessionKey}#${generation.get(action.sessionKey) ?? 0}/${JSON.stringify(action.item.ids)}`;
          runs.set(run, [...(runs.get(run) ?? []), action.verb]);
        }
        for (const sessionKey of known) if (!state.sessions[sessionKey]) generation.set(sessionKey, (generation.get(sessionKey) ?? 0) + 1);
        known.clear();
        for (const sessionKey of Object.keys(state.sessions)) known.add(sessionKey);
      },
    });
    return runs;
  }

  const seeds = Array.from({ length: 400 }, (_, index) => index + 1);

  it.each(seeds)('seed %i: one start until a pause or stop, a new start after every scrobble, every start closed at the end', (seed) => {
    const steps = randomStory(seededRandom(seed), [episode1, episode2], 1200, 40);
    for (const [run, verbs] of callsPerPlayThrough(steps, true)) {
      const sequence = verbs.join(' ');
      expect(sequence, run).not.toMatch(/start start/);
      expect(sequence, run).not.toMatch(/stop (pause|stop)/);
      expect(verbs.at(-1), run).not.toBe('start');
    }
  });

  it.each(seeds)('seed %i: at most one scrobbling stop per play-through when there is no time to watch twice', (seed) => {
    // 30 reports over at most ~150 s can credit 2 × 150 s + 30 × 15 s = 750 s, short of a second 80 % of 1000 s.
    const steps = randomStory(seededRandom(seed), [movie], 5, 30);
    for (const [run, verbs] of callsPerPlayThrough(steps, false)) {
      expect(verbs.filter((verb) => verb === 'stop').length, run).toBeLessThanOrEqual(1);
    }
  });
});

import { describe, expect, it } from 'vitest';
import {
  liveScrobbleLagMs,
  liveScrobbleWindow,
  type ScrobbledPlay,
  withoutInFlightSessions,
  withoutLiveScrobbles,
} from '../../../src/domain/plan/live-scrobbles';
import { at, plays, playsText } from './builders';

const scrobbled = (textual: string): ScrobbledPlay[] => plays(textual).map((p) => ({ item: p.item, watchedAt: p.watched_at }));
const tolerance = 60_000;
const lagSeconds = liveScrobbleLagMs / 1000;

describe('withoutLiveScrobbles: a play the scrobbler put on Trakt is not added again', () => {
  it.each<[string, string, string, string]>([
    ['no scrobbles', 'A@0 B@0', '', 'A@0 B@0'],
    ['stopped 20 minutes after Plex counted it', 'A@0', 'A@1200', ''],
    ['stopped just within the lag', 'A@0', `A@${lagSeconds}`, ''],
    ['stopped after the lag: another viewing', 'A@0', `A@${lagSeconds + 1}`, 'A@0'],
    ['stopped within the tolerance before', 'A@100', 'A@50', ''],
    ['stopped before the play: another viewing', 'A@1000', 'A@100', 'A@1000'],
    ['one scrobble stands for one play', 'A@0 A@600', 'A@1200', 'A@600'],
    ['another ID set of the title', 'A~@0', 'A@1200', ''],
    ['another title', 'A@0', 'B@1200', 'A@0'],
  ])('%s', (_name, planned, live, left) => {
    expect(playsText(withoutLiveScrobbles(plays(planned), scrobbled(live), tolerance))).toBe(left);
  });

  it('the window to read covers every play plus the lag', () => {
    expect(liveScrobbleWindow(plays('A@100 B@0'), tolerance)).toEqual({ from: at(-60), to: at(100 + lagSeconds + 60) });
  });
});

describe('withoutInFlightSessions: plays of an item whose live scrobble is on its way wait for the next run', () => {
  const sessions = (textual: string) => plays(textual).map((p) => ({ item: p.item, seenAt: p.watched_at }));
  it.each<[string, string, string, string, string]>([
    ['no session in flight', 'A@0 B@0', '', 'A@0 B@0', ''],
    ["the session's item is held back", 'A@100 B@100', 'A@200', 'B@100', 'A@100'],
    ['counted after the session was last seen', 'A@300', 'A@200', '', 'A@300'],
    ['another ID set of the item', 'A~@100', 'A@200', '', 'A~@100'],
    ['counted longer than the lag before: an older viewing', `A@0`, `A@${lagSeconds + 1}`, 'A@0', ''],
    ['another item', 'B@100', 'A@200', 'B@100', ''],
  ])('%s', (_name, planned, inFlight, kept, held) => {
    const result = withoutInFlightSessions(plays(planned), sessions(inFlight));
    expect({ kept: playsText(result.kept), held: playsText(result.held) }).toEqual({ kept, held });
  });
});

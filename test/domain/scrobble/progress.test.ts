import { describe, expect, it } from 'vitest';
import { isWatched, observe, positionAt, reportedProgress, toPercent } from '../../../src/domain/scrobble/progress';
import { defaultScrobbleRules } from '../../../src/domain/scrobble/rules';
import type { Playback } from '../../../src/domain/scrobble/state';

const durationMs = 1_000_000;
const rules = defaultScrobbleRules;
const playingAt = (offsetMs: number, at: number, watchedMs = offsetMs): Playback => ({ state: 'playing', offsetMs, at, watchedMs });

describe('toPercent', () => {
  it.each([
    [0, 0],
    [799_000, 79.9],
    [800_000, 80],
    [801_000, 80.1],
    [5_000, 0.5],
    [123_456, 12.35],
    [2_000_000, 100],
    [-1, 0],
  ])('%i ms of 1000 s → %s %%', (offsetMs, percent) => {
    expect(toPercent(offsetMs, durationMs)).toBe(percent);
  });
});

describe('positionAt', () => {
  it.each<[Playback['state'], number]>([
    ['playing', 110_000],
    ['buffering', 110_000],
    ['paused', 100_000],
    ['stopped', 100_000],
  ])('%s extrapolates to %i', (state, expected) => {
    expect(positionAt({ ...playingAt(100_000, 0), state }, 10_000, durationMs)).toBe(expected);
  });

  it('never passes the end', () => {
    expect(positionAt(playingAt(990_000, 0), 60_000, durationMs)).toBe(durationMs);
  });
});

describe('observe', () => {
  it('trusts the first observation as the start position (a resume)', () => {
    expect(observe(undefined, { state: 'playing', viewOffsetMs: 500_000, at: 0 }, durationMs, rules).watchedMs).toBe(500_000);
  });

  it.each([
    ['real-time play', playingAt(100_000, 0), 200_000, 100_000, 200_000],
    ['double-speed play', playingAt(100_000, 0), 300_000, 100_000, 300_000],
    ['a seek to the end: only the plausible advance', playingAt(100_000, 0), 1_000_000, 3_000, 100_000 + 3_000 * 2 + 15_000],
    ['a seek back: nothing added', playingAt(500_000, 0), 100_000, 10_000, 500_000],
    ['a seek while paused: only the tolerance', { ...playingAt(100_000, 0), state: 'paused' as const }, 400_000, 60_000, 115_000],
    ['a short skip within the tolerance', playingAt(100_000, 0), 114_000, 0, 114_000],
  ])('%s', (_name, previous, viewOffsetMs, at, watchedMs) => {
    expect(observe(previous, { state: 'playing', viewOffsetMs, at }, durationMs, rules).watchedMs).toBe(watchedMs);
  });

  it('extrapolates an unknown offset and credits it as play time', () => {
    expect(observe(playingAt(0, 0), { state: 'stopped', at: 900_000 }, durationMs, rules)).toEqual({
      state: 'stopped',
      offsetMs: 900_000,
      at: 900_000,
      watchedMs: 900_000,
    });
  });
});

describe('isWatched and reportedProgress (threshold 80)', () => {
  it.each([
    ['79.9 %', 799_000, 799_000, false, 79.9],
    ['80 %', 800_000, 800_000, true, 80],
    ['80.1 %', 801_000, 801_000, true, 80.1],
    ['79.95 % is capped under the threshold', 799_500, 799_500, false, 79.9],
    ['100 % reached by a seek', 1_000_000, 120_000, false, 79.9],
    ['rewound to 10 % after watching 90 %', 100_000, 900_000, false, 10],
    ['0.5 %', 5_000, 5_000, false, 0.5],
  ])('%s', (_name, offsetMs, watchedMs, watched, progress) => {
    const playback = playingAt(offsetMs, 0, watchedMs);
    expect(isWatched(playback, durationMs, 80)).toBe(watched);
    expect(reportedProgress(playback, durationMs, 80)).toBe(progress);
  });
});

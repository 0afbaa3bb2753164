import { describe, expect, it } from 'vitest';
import { playsNotIn, playWindow, tracePlays } from '../../../src/domain/plan/trace';
import { at, plays, playsText } from './builders';

const tolerance = 60_000;

describe('playsNotIn: what a retried chunk still has to send', () => {
  it.each<[string, string, string, string]>([
    ['nothing there yet', 'A@0 B@0', '', 'A@0 B@0'],
    ['already there at the same time', 'A@0 B@0', 'A@0', 'B@0'],
    ['there within the tolerance', 'A@0', 'A@59', ''],
    ['there, but outside the tolerance', 'A@0', 'A@61', 'A@0'],
    ['one play there stands for one play sent', 'A@0 A@30', 'A@15', 'A@30'],
    ['another ID set of the title counts', 'A~@0', 'A@10', ''],
    ['another title does not', 'A@0', 'B@0', 'A@0'],
  ])('%s', (_name, sent, present, left) => {
    expect(playsText(playsNotIn(plays(sent), plays(present), tolerance))).toBe(left);
  });
});

describe('tracePlays: the exact plays on Trakt that removals stand for', () => {
  it.each<[string, string, string, string]>([
    ['the nearest play within the tolerance', 'A@0', 'A@50 A@10', 'A@0→A@10'],
    ['each play there is claimed once', 'A@0 A@5', 'A@3', 'A@0→A@3'],
    ['two removals, two plays', 'A@0 A@5', 'A@3 A@7', 'A@0→A@3 A@5→A@7'],
    ['none within the tolerance: nothing to remove', 'A@0', 'A@120', ''],
    ['another ID set of the title', 'A~@0', 'A@20', 'A~@0→A@20'],
    ['another title is never traced', 'A@0', 'B@0', ''],
  ])('%s', (_name, removals, present, traced) => {
    const pairs = tracePlays(plays(removals), plays(present), tolerance);
    expect(pairs.map(({ play, traced: there }) => `${playsText([play])}→${playsText([there])}`).join(' ')).toBe(traced);
  });

  it('playWindow spans the plays plus the tolerance', () => {
    expect(playWindow(plays('A@100 B@0 A@50'), tolerance)).toEqual({ startAt: at(-60), endAt: at(160) });
  });
});

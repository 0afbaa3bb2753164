import { describe, expect, it } from 'vitest';
import { incompleteSnapshotGuard, removalRatioGuard, shrinkGuard } from '../../../src/domain/plan/guards';
import { planFeature } from '../../../src/domain/plan/plan';
import { defaultPlanOptions } from '../../../src/domain/plan/types';
import { plays, summary, watchlist } from './builders';

describe('incompleteSnapshotGuard', () => {
  it.each([
    { complete: true, refused: false },
    { complete: false, refused: true },
  ])('complete: $complete', ({ complete, refused }) => {
    expect(incompleteSnapshotGuard('target', { complete })).toEqual(
      refused ? { guard: 'incomplete-snapshot', side: 'target', action: 'refuse-removals' } : undefined,
    );
  });
});

describe('shrinkGuard (emptied: refused; more than 50 % and more than 10 records: held for approval)', () => {
  it.each<{ baseline: number | undefined; now: number; verdict: 'refuse-removals' | 'hold-for-approval' | undefined }>([
    { baseline: undefined, now: 0, verdict: undefined },
    { baseline: 0, now: 0, verdict: undefined },
    { baseline: 1, now: 0, verdict: 'refuse-removals' },
    { baseline: 5, now: 0, verdict: 'refuse-removals' },
    { baseline: 100, now: 50, verdict: undefined },
    { baseline: 100, now: 49, verdict: 'hold-for-approval' },
    { baseline: 100, now: 1, verdict: 'hold-for-approval' },
    { baseline: 20, now: 10, verdict: undefined },
    { baseline: 20, now: 9, verdict: 'hold-for-approval' },
    { baseline: 100, now: 120, verdict: undefined },
  ])('$baseline → $now: $verdict', ({ baseline, now, verdict }) => {
    expect(shrinkGuard('source', baseline, now, defaultPlanOptions.shrink)).toEqual(
      verdict && { guard: 'suspicious-shrink', side: 'source', baselineCount: baseline, currentCount: now, action: verdict },
    );
  });
});

describe('removalRatioGuard (more than 10 % and more than 5 records)', () => {
  it.each([
    { removals: 0, of: 0, held: false },
    { removals: 10, of: 100, held: false },
    { removals: 11, of: 100, held: true },
    { removals: 6, of: 60, held: false },
    { removals: 7, of: 60, held: true },
    { removals: 5, of: 10, held: false },
    { removals: 6, of: 10, held: true },
    { removals: 6, of: 0, held: true },
  ])('$removals of $of', ({ removals, of, held }) => {
    const verdict = removalRatioGuard('target', removals, of, defaultPlanOptions.removalApproval);
    expect(verdict).toEqual(
      held ? { guard: 'removal-ratio', side: 'target', removals, sideCount: of, action: 'hold-for-approval' } : undefined,
    );
  });
});

describe('guards in a plan', () => {
  const hourly = (count: number) => Array.from({ length: count }, (_, n) => `A@${n * 3600}`).join(' ');

  it('an incomplete source refuses removals but keeps adds', () => {
    const plan = planFeature({
      feature: 'history',
      mode: 'one-way',
      source: { records: plays('B@0'), complete: false },
      target: { records: plays('A@0 C@0'), complete: true },
      baseline: { source: plays('A@0 C@0'), target: plays('A@0 C@0') },
      options: { remove: true },
    });
    expect([summary(plan), plan.guards]).toEqual([
      { target: '+B@0', source: '' },
      [{ guard: 'incomplete-snapshot', side: 'source', action: 'refuse-removals' }],
    ]);
  });

  it('an incomplete target refuses removals on the source too', () => {
    const plan = planFeature({
      feature: 'watchlist',
      mode: 'two-way',
      source: { records: watchlist('A B'), complete: true },
      target: { records: watchlist('B'), complete: false },
      baseline: { source: watchlist('A B'), target: watchlist('A B') },
      options: { remove: true },
    });
    expect([summary(plan), plan.guards.map((verdict) => verdict.guard)]).toEqual([{ target: '', source: '' }, ['incomplete-snapshot']]);
  });

  it('an emptied watchlist (dead token) removes nothing', () => {
    const plan = planFeature({
      feature: 'watchlist',
      mode: 'one-way',
      source: { records: [], complete: true },
      target: { records: watchlist('A B C'), complete: true },
      baseline: { source: watchlist('A B C'), target: watchlist('A B C') },
      options: { remove: true },
    });
    expect([summary(plan), plan.guards]).toEqual([
      { target: '', source: '' },
      [{ guard: 'suspicious-shrink', side: 'source', baselineCount: 3, currentCount: 0, action: 'refuse-removals' }],
    ]);
  });

  it('a watchlist cut from 40 to 16 (complete) holds every removal for approval instead of refusing them', () => {
    const all = Array.from({ length: 40 }, (_, n) => ({ item: { type: 'movie' as const, title: `M${n}`, ids: { tmdb: 1000 + n } } }));
    const plan = planFeature({
      feature: 'watchlist',
      mode: 'one-way',
      source: { records: all.slice(0, 16), complete: true },
      target: { records: all, complete: true },
      baseline: { source: all, target: all },
      options: { remove: true },
    });
    expect(plan.toTarget.remove).toEqual([]);
    expect(plan.toTarget.removeNeedsApproval).toEqual(all.slice(16));
    expect(plan.guards.map((verdict) => [verdict.guard, verdict.action])).toEqual([
      ['suspicious-shrink', 'hold-for-approval'],
      ['removal-ratio', 'hold-for-approval'],
    ]);
  });

  it('a shrink held for approval holds removals below the ratio too, on both sides', () => {
    const plan = planFeature({
      feature: 'watchlist',
      mode: 'two-way',
      source: { records: watchlist('A'), complete: true },
      target: { records: watchlist('A B C'), complete: true },
      baseline: { source: watchlist('A B C'), target: watchlist('A B C') },
      options: { remove: true, shrink: { ratio: 0.5, floor: 1 }, removalApproval: { ratio: 0.9, floor: 5 } },
    });
    expect(summary(plan)).toEqual({ target: '?B ?C', source: '' });
  });

  it.each([
    { lost: 5, expected: 'applied' },
    { lost: 6, expected: 'held' },
  ])('removing $lost of 50 plays is $expected', ({ lost, expected }) => {
    const plan = planFeature({
      feature: 'history',
      mode: 'one-way',
      source: { records: plays(hourly(50 - lost)), complete: true },
      target: { records: plays(hourly(50)), complete: true },
      baseline: { source: plays(hourly(50)), target: plays(hourly(50)) },
      options: { remove: true },
    });
    const moved = expected === 'held' ? plan.toTarget.removeNeedsApproval : plan.toTarget.remove;
    expect(moved).toHaveLength(lost);
    expect(plan.guards.map((verdict) => verdict.guard)).toEqual(expected === 'held' ? ['removal-ratio'] : []);
  });

  it('with removals off the snapshot guards stay quiet', () => {
    const plan = planFeature({
      feature: 'watchlist',
      mode: 'one-way',
      source: { records: [], complete: false },
      target: { records: watchlist('A'), complete: true },
      baseline: { source: watchlist('A'), target: watchlist('A') },
    });
    expect(plan.guards).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { historyWorkload } from '../../../bench/plan-workload';
import type { MinimalItem } from '../../../src/domain/items';
import { groupByItem } from '../../../src/domain/plan/group';
import { planFeature } from '../../../src/domain/plan/plan';
import { movie } from './builders';

const episode = (title: string, ids: MinimalItem['ids'], season: number, number: number): MinimalItem => ({
  type: 'episode',
  title,
  ids,
  show_ids: { tvdb: 5 },
  season,
  episode: number,
});

/** Titles per group, each group's titles sorted, groups in order of appearance. */
function grouped(left: MinimalItem[], right: MinimalItem[]): string[][] {
  const { groups } = groupByItem({ left, right }, (item) => item);
  return groups.map((group) => [...group.left, ...group.right].map((item) => item.title ?? '?').sort());
}

describe('groupByItem', () => {
  it.each<[string, MinimalItem[], MinimalItem[], string[][]]>([
    ['joins through a shared id', [movie('a', { imdb: 'tt1' })], [movie('b', { imdb: 'tt1', tmdb: 2 })], [['a', 'b']]],
    [
      'joins transitively',
      [movie('a', { imdb: 'tt1' }), movie('c', { tmdb: 2 })],
      [movie('b', { imdb: 'tt1', tmdb: 2 })],
      [['a', 'b', 'c']],
    ],
    ['keeps titles apart', [movie('a', { tmdb: 1 })], [movie('b', { tmdb: 2 })], [['a'], ['b']]],
    ['joins an id-less episode by position', [episode('a', {}, 1, 2)], [episode('b', { tvdb: 77 }, 1, 2)], [['a', 'b']]],
    [
      // Plex numbers b as s1e2 where Trakt numbers c so: the ids disagree, so the position decides nothing.
      'a position claimed by two titles joins only the id-less',
      [episode('a', {}, 1, 2), episode('b', { tvdb: 77 }, 1, 2), episode('a2', {}, 1, 2)],
      [episode('c', { tvdb: 78 }, 1, 2)],
      [['a', 'a2'], ['b'], ['c']],
    ],
  ])('%s', (_name, left, right, expected) => {
    expect(grouped(left, right)).toEqual(expected);
  });

  it('sets aside records without any strong id', () => {
    const { groups, unidentified } = groupByItem({ left: [movie('z', { plex: 'x' })], right: [] }, (item) => item);
    expect([groups, unidentified]).toEqual([[], { left: [movie('z', { plex: 'x' })], right: [] }]);
  });
});

describe('planning at scale', () => {
  // Timing lives in bench/plan.ts; this checks the plan at that scale.
  it('plans 50,000 episode plays against 50,000', () => {
    const { source, target } = historyWorkload(50_000);
    const plan = planFeature({
      feature: 'history',
      mode: 'two-way',
      source: { records: source, complete: true },
      target: { records: target, complete: true },
      baseline: { source, target },
      options: { remove: true },
    });
    expect([plan.toTarget.add.length, plan.toSource.add.length, plan.toSource.remove.length]).toEqual([5000, 0, 0]);
  });
});

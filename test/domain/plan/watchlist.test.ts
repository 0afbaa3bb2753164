import { describe, expect, it } from 'vitest';
import { type FeaturePlanInput, planFeature } from '../../../src/domain/plan/plan';
import type { PlanOptions, SyncMode } from '../../../src/domain/plan/types';
import { replanAfterApplying, summary, watchlist } from './builders';

interface Row {
  name: string;
  mode: SyncMode;
  source: string;
  target: string;
  baseline?: [string, string];
  options?: Partial<PlanOptions>;
  toTarget: string;
  toSource?: string;
}

function watchlistInput(row: Row): FeaturePlanInput {
  return {
    feature: 'watchlist',
    mode: row.mode,
    source: { records: watchlist(row.source), complete: true },
    target: { records: watchlist(row.target), complete: true },
    ...(row.baseline && { baseline: { source: watchlist(row.baseline[0]), target: watchlist(row.baseline[1]) } }),
    ...(row.options && { options: row.options }),
  };
}

const remove = { remove: true };

const rows: Row[] = [
  { name: 'adds what the target lacks', mode: 'one-way', source: 'A B', target: 'B', toTarget: '+A' },
  { name: 'partly overlapping ids are one title', mode: 'one-way', source: 'A~', target: 'A', toTarget: '' },
  { name: 'duplicate entries are added once', mode: 'one-way', source: 'A A~', target: '', toTarget: '+A' },
  { name: 'adds off', mode: 'one-way', source: 'A', target: '', options: { add: false }, toTarget: '' },
  {
    name: 'removes what left the source since the baseline',
    mode: 'one-way',
    source: 'B',
    target: 'A B',
    baseline: ['A B', 'A B'],
    options: remove,
    toTarget: '-A',
  },
  {
    name: 'removes every duplicate entry of a title',
    mode: 'one-way',
    source: 'B',
    target: 'A A~ B',
    baseline: ['A B', 'A B'],
    options: remove,
    toTarget: '-A -A~',
  },
  {
    name: 'never removes a target-only entry',
    mode: 'one-way',
    source: 'B',
    target: 'A B',
    baseline: ['B', 'B'],
    options: remove,
    toTarget: '',
  },
  { name: 'removals off', mode: 'one-way', source: 'B', target: 'A B', baseline: ['A B', 'A B'], toTarget: '' },
  { name: 'first run is a union', mode: 'two-way', source: 'A', target: 'B', toTarget: '+A', toSource: '+B' },
  {
    name: 'added on the target',
    mode: 'two-way',
    source: 'B',
    target: 'B C',
    baseline: ['B', 'B'],
    options: remove,
    toTarget: '',
    toSource: '+C',
  },
  {
    name: 'removed on the target',
    mode: 'two-way',
    source: 'A B',
    target: 'B',
    baseline: ['A B', 'A B'],
    options: remove,
    toTarget: '',
    toSource: '-A',
  },
  { name: 'removed on the source', mode: 'two-way', source: 'B', target: 'A B', baseline: ['A B', 'A B'], options: remove, toTarget: '-A' },
  {
    name: 'removals off: a removal is copied back',
    mode: 'two-way',
    source: 'B',
    target: 'A B',
    baseline: ['A B', 'A B'],
    toTarget: '',
    toSource: '+A',
  },
];

describe('watchlist plan', () => {
  it.each(rows)('$mode: $name', (row) => {
    const input = watchlistInput(row);
    expect(summary(planFeature(input))).toEqual({ target: row.toTarget, source: row.toSource ?? '' });
    expect(summary(replanAfterApplying(input))).toEqual({ target: '', source: '' });
  });

  it('reports records without a strong id as unidentified', () => {
    const plan = planFeature(watchlistInput({ name: '', mode: 'two-way', source: 'Z A', target: 'Z', toTarget: '' }));
    expect([plan.unidentified.source.length, plan.unidentified.target.length, summary(plan)]).toEqual([1, 1, { target: '+A', source: '' }]);
  });
});

import { describe, expect, it } from 'vitest';
import { planFeature } from '../../../src/domain/plan/plan';
import { type PlanRow, planInput, replanAfterApplying, summary } from './builders';

const remove = { remove: true };

const rows: PlanRow[] = [
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
    const input = planInput('watchlist', row);
    expect(summary(planFeature(input))).toEqual({ target: row.toTarget, source: row.toSource ?? '' });
    expect(summary(replanAfterApplying(input))).toEqual({ target: '', source: '' });
  });

  it('reports records without a strong id as unidentified', () => {
    const plan = planFeature(planInput('watchlist', { name: '', mode: 'two-way', source: 'Z A', target: 'Z', toTarget: '' }));
    expect([plan.unidentified.source.length, plan.unidentified.target.length, summary(plan)]).toEqual([1, 1, { target: '+A', source: '' }]);
  });
});

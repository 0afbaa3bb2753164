import { describe, expect, it } from 'vitest';
import { planFeature } from '../../../src/domain/plan/plan';
import { resolveRatingConflict } from '../../../src/domain/plan/ratings';
import type { Side } from '../../../src/domain/plan/types';
import { type PlanRow, planInput, ratings, replanAfterApplying, summary } from './builders';

const remove = { remove: true };

interface Row extends PlanRow {
  /** Winner and how it was decided, when the row is a conflict. */
  conflict?: [Side, 'rated_at' | 'configured-winner'];
}

const rows: Row[] = [
  { name: 'adds a missing rating', mode: 'one-way', source: 'A=8', target: '', toTarget: '+A=8' },
  { name: 'updates a different rating', mode: 'one-way', source: 'A=8', target: 'A=6', toTarget: '+A=8' },
  { name: 'leaves an equal rating', mode: 'one-way', source: 'A~=8', target: 'A=8', toTarget: '' },
  { name: 'the newest of duplicate ratings counts', mode: 'one-way', source: 'A=3@10 A~=8@20', target: 'A=8', toTarget: '' },
  { name: 'adds off', mode: 'one-way', source: 'A=8', target: '', options: { add: false }, toTarget: '' },
  {
    name: 'removes what the source unrated',
    mode: 'one-way',
    source: 'B=1',
    target: 'A=8 B=1',
    baseline: ['A=8 B=1', 'A=8 B=1'],
    options: remove,
    toTarget: '-A=8',
  },
  {
    name: 'never removes a target-only rating',
    mode: 'one-way',
    source: 'B=1',
    target: 'A=8 B=1',
    baseline: ['B=1', 'B=1'],
    options: remove,
    toTarget: '',
  },
  { name: 'removals off', mode: 'one-way', source: 'B=1', target: 'A=8 B=1', baseline: ['A=8 B=1', 'A=8 B=1'], toTarget: '' },
  { name: 'first run is a union', mode: 'two-way', source: 'A=8', target: 'B=2', toTarget: '+A=8', toSource: '+B=2' },
  { name: 'changed on the source', mode: 'two-way', source: 'A=9', target: 'A=8', baseline: ['A=8', 'A=8'], toTarget: '+A=9' },
  {
    name: 'changed on the target',
    mode: 'two-way',
    source: 'A=8',
    target: 'A=4',
    baseline: ['A=8', 'A=8'],
    toTarget: '',
    toSource: '+A=4',
  },
  {
    name: 'changed on both: newer source wins',
    mode: 'two-way',
    source: 'A=9@200',
    target: 'A=4@100',
    baseline: ['A=8', 'A=8'],
    toTarget: '+A=9',
    conflict: ['source', 'rated_at'],
  },
  {
    name: 'changed on both: newer target wins',
    mode: 'two-way',
    source: 'A=9@100',
    target: 'A=4@200',
    baseline: ['A=8', 'A=8'],
    toTarget: '',
    toSource: '+A=4',
    conflict: ['target', 'rated_at'],
  },
  {
    name: 'no baseline, no times: configured source wins',
    mode: 'two-way',
    source: 'A=9',
    target: 'A=4',
    toTarget: '+A=9',
    conflict: ['source', 'configured-winner'],
  },
  {
    name: 'same time: configured target wins',
    mode: 'two-way',
    source: 'A=9@100',
    target: 'A=4@100',
    options: { ratingConflictWinner: 'target' },
    toTarget: '',
    toSource: '+A=4',
    conflict: ['target', 'configured-winner'],
  },
  {
    name: 'unrated on the target',
    mode: 'two-way',
    source: 'A=8 B=1',
    target: 'B=1',
    baseline: ['A=8 B=1', 'A=8 B=1'],
    options: remove,
    toTarget: '',
    toSource: '-A=8',
  },
  {
    name: 'unrated on the source',
    mode: 'two-way',
    source: 'B=1',
    target: 'A=8 B=1',
    baseline: ['A=8 B=1', 'A=8 B=1'],
    options: remove,
    toTarget: '-A=8',
  },
  {
    name: 'an edit beats an unrating on the other side',
    mode: 'two-way',
    source: 'A=9 B=1',
    target: 'B=1',
    baseline: ['A=8 B=1', 'A=8 B=1'],
    options: remove,
    toTarget: '+A=9',
  },
  {
    name: 'removals off: an unrating is copied back',
    mode: 'two-way',
    source: 'A=8 B=1',
    target: 'B=1',
    baseline: ['A=8 B=1', 'A=8 B=1'],
    toTarget: '+A=8',
  },
];

describe('ratings plan', () => {
  it.each(rows)('$mode: $name', (row) => {
    const input = planInput('ratings', row);
    const plan = planFeature(input);
    expect(summary(plan)).toEqual({ target: row.toTarget, source: row.toSource ?? '' });
    expect(plan.conflicts.map((conflict) => [conflict.winner, conflict.decidedBy])).toEqual(row.conflict ? [row.conflict] : []);
    const replanned = replanAfterApplying(input);
    expect([summary(replanned), replanned.conflicts]).toEqual([{ target: '', source: '' }, []]);
  });

  it('a conflict records both ratings', () => {
    const [source, target] = [ratings('A=9@200')[0]!, ratings('A=4@100')[0]!];
    expect(resolveRatingConflict(source, target, 'target')).toEqual({ source, target, winner: 'source', decidedBy: 'rated_at' });
  });
});

import { describe, expect, it } from 'vitest';
import { unpairedViewings, viewings } from '../../../src/domain/plan/history';
import { planFeature } from '../../../src/domain/plan/plan';
import { type PlanRow, planInput, plays, replanAfterApplying, summary } from './builders';

const remove = { remove: true };

const rows: PlanRow[] = [
  // one-way adds
  { name: 'adds a play the target lacks', mode: 'one-way', source: 'A@0 A@7200', target: 'A@0', toTarget: '+A@7200' },
  { name: 'plays 59 s apart are one play', mode: 'one-way', source: 'A@0', target: 'A@59', toTarget: '' },
  { name: 'plays exactly 60 s apart are one play', mode: 'one-way', source: 'A@0', target: 'A@60', toTarget: '' },
  { name: 'plays 61 s apart are two plays', mode: 'one-way', source: 'A@0', target: 'A@61', toTarget: '+A@0' },
  {
    name: 'a smaller tolerance applies',
    mode: 'one-way',
    source: 'A@0',
    target: 'A@59',
    options: { toleranceMs: 30_000 },
    toTarget: '+A@0',
  },
  { name: 'duplicate records of one play are added once', mode: 'one-way', source: 'A@0 A@0', target: '', toTarget: '+A@0' },
  { name: 'duplicates on the target count as one play', mode: 'one-way', source: 'A@0 A@3600', target: 'A@0 A@0', toTarget: '+A@3600' },
  { name: 'close plays on one side are separate plays', mode: 'one-way', source: 'A@0 A@30', target: 'A@15', toTarget: '+A@30' },
  { name: 'identical times pair first', mode: 'one-way', source: 'A@0 A@50', target: 'A@50', toTarget: '+A@0' },
  {
    name: 'each of several plays needs its own match',
    mode: 'one-way',
    source: 'A@0 A@3600 A@7200',
    target: 'A@3630',
    toTarget: '+A@0 +A@7200',
  },
  { name: 'one target play satisfies at most one play', mode: 'one-way', source: 'A@0 A@100', target: 'A@50', toTarget: '+A@100' },
  { name: 'pairing maximises matched plays', mode: 'one-way', source: 'A@0 A@100', target: 'A@55 A@160', toTarget: '' },
  { name: 'partly overlapping ids are one title', mode: 'one-way', source: 'A~@0', target: 'A@0', toTarget: '' },
  { name: 'different titles at the same time are different plays', mode: 'one-way', source: 'A@0', target: 'B@0', toTarget: '+A@0' },
  { name: 'an episode matches by show id and numbers', mode: 'one-way', source: 'E~@0', target: 'E@30', toTarget: '' },
  { name: 'another episode of the show does not match', mode: 'one-way', source: 'E~@0', target: 'F@0', toTarget: '+E~@0' },
  { name: 'adds switched off', mode: 'one-way', source: 'A@0', target: '', options: { add: false }, toTarget: '' },
  // one-way removals
  {
    name: 'removes what the source lost since its baseline',
    mode: 'one-way',
    source: 'C@0',
    target: 'A@0 B@0 C@0',
    baseline: ['A@0 C@0', 'A@0 C@0'],
    options: remove,
    toTarget: '-A@0',
  },
  {
    name: 'removes one of several plays',
    mode: 'one-way',
    source: 'A@0 C@0',
    target: 'A@0 A@3610 C@0',
    baseline: ['A@0 A@3600 C@0', 'A@0 A@3600 C@0'],
    options: remove,
    toTarget: '-A@3610',
  },
  {
    name: 'never removes what only the target had',
    mode: 'one-way',
    source: 'C@0',
    target: 'B@0 C@0',
    baseline: ['C@0', 'C@0'],
    options: remove,
    toTarget: '',
  },
  {
    name: 'a target-only play near a kept play is not a deletion',
    mode: 'one-way',
    source: 'A@0 C@0',
    target: 'A@0 A@50 C@0',
    baseline: ['A@0 C@0', 'A@0 C@0'],
    options: remove,
    toTarget: '',
  },
  {
    name: 'removals switched off (default)',
    mode: 'one-way',
    source: 'C@0',
    target: 'A@0 C@0',
    baseline: ['A@0 C@0', 'A@0 C@0'],
    toTarget: '',
  },
  // two-way
  { name: 'first run is a union', mode: 'two-way', source: 'A@0', target: 'B@0', toTarget: '+A@0', toSource: '+B@0' },
  {
    name: 'added on the source',
    mode: 'two-way',
    source: 'A@0 C@0',
    target: 'C@0',
    baseline: ['C@0', 'C@0'],
    options: remove,
    toTarget: '+A@0',
  },
  {
    name: 'added on the target',
    mode: 'two-way',
    source: 'C@0',
    target: 'C@0 E@0',
    baseline: ['C@0', 'C@0'],
    options: remove,
    toTarget: '',
    toSource: '+E@0',
  },
  {
    name: 'deleted on the target',
    mode: 'two-way',
    source: 'A@0 C@0',
    target: 'C@0',
    baseline: ['A@0 C@0', 'A@0 C@0'],
    options: remove,
    toTarget: '',
    toSource: '-A@0',
  },
  {
    name: 'deleted on the source',
    mode: 'two-way',
    source: 'C@0',
    target: 'A@0 C@0',
    baseline: ['A@0 C@0', 'A@0 C@0'],
    options: remove,
    toTarget: '-A@0',
  },
  {
    name: 'a deletion takes its duplicate records along',
    mode: 'two-way',
    source: 'A@0 A@0 C@0',
    target: 'C@0',
    baseline: ['A@0 C@0', 'A@0 C@0'],
    options: remove,
    toTarget: '',
    toSource: '-A@0 -A@0',
  },
  {
    name: 'removals off: a deletion is copied back',
    mode: 'two-way',
    source: 'A@0 C@0',
    target: 'C@0',
    baseline: ['A@0 C@0', 'A@0 C@0'],
    toTarget: '+A@0',
  },
  {
    name: 'new plays of one title on both sides',
    mode: 'two-way',
    source: 'A@0 A@7200',
    target: 'A@30 A@3600',
    baseline: ['A@0', 'A@0'],
    options: remove,
    toTarget: '+A@7200',
    toSource: '+A@3600',
  },
  { name: 'adds off in two-way', mode: 'two-way', source: 'A@0', target: 'B@0', options: { add: false }, toTarget: '' },
];

describe('history plan', () => {
  it.each(rows)('$mode: $name', (row) => {
    const input = planInput('history', row);
    expect(summary(planFeature(input))).toEqual({ target: row.toTarget, source: row.toSource ?? '' });
    expect(summary(replanAfterApplying(input))).toEqual({ target: '', source: '' });
  });

  it('one-way never plans changes to the source', () => {
    const plan = planFeature(planInput('history', { name: '', mode: 'one-way', source: '', target: 'B@0', toTarget: '' }));
    expect(summary(plan).source).toBe('');
  });
});

describe('viewings', () => {
  const start = Date.parse(plays('A@0')[0]!.watched_at);
  it.each([
    { plays: 'A@0 A@0', expected: [[0, 0]] },
    { plays: 'A@100 A@0 A@100', expected: [[0], [100, 100]] },
    { plays: 'A@0 A@30', expected: [[0], [30]] },
  ])('$plays', ({ plays: text, expected }) => {
    const seconds = viewings(plays(text)).map((viewing) => viewing.records.map((play) => (Date.parse(play.watched_at) - start) / 1000));
    expect(seconds).toEqual(expected);
  });
});

describe('unpairedViewings', () => {
  const at = (text: string) => viewings(plays(text));
  const times = (list: { at: number }[]) => list.map((viewing) => (viewing.at - at('A@0')[0]!.at) / 1000);
  it.each([
    { a: 'A@0', b: 'A@60', onlyA: [], onlyB: [] },
    { a: 'A@0', b: 'A@61', onlyA: [0], onlyB: [61] },
    { a: 'A@0 A@100', b: 'A@55 A@160', onlyA: [], onlyB: [] },
    { a: 'A@0 A@50', b: 'A@50', onlyA: [0], onlyB: [] },
    { a: 'A@0 A@1000 A@2000', b: 'A@1010', onlyA: [0, 2000], onlyB: [] },
    { a: '', b: 'A@5', onlyA: [], onlyB: [5] },
  ])('$a vs $b', ({ a, b, onlyA, onlyB }) => {
    const result = unpairedViewings(at(a), at(b), 60_000);
    expect({ onlyA: times(result.onlyA), onlyB: times(result.onlyB) }).toEqual({ onlyA, onlyB });
  });
});

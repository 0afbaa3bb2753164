/**
 * Planner benchmark: `planFeature` on 50,000 episode plays against 50,000 (one-way without baselines, two-way
 * with both baselines), and `ItemIndex` building over 50,000 episodes then answering 50,000 lookups by id and
 * 50,000 by show + season/episode. Pure CPU, in process; median of a few runs after a warm-up. Prints JSON.
 *
 *   npx tsx bench/plan.ts
 */

import { loadavg } from 'node:os';
import type { MinimalItem } from '../src/domain/items';
import { ItemIndex } from '../src/domain/match';
import { planFeature } from '../src/domain/plan/plan';
import { episodeItem, historyWorkload } from './plan-workload';
import { median, round, type Timing, timed } from './timing';

const runs = 5;
const count = 50_000;

/** One warm-up, then `runs` timed runs; `check` sees every result so a wrong answer fails the benchmark. */
function bench<T>(run: () => T, check: (value: T) => void) {
  check(run());
  const timings: Timing[] = [];
  for (let i = 0; i < runs; i++) {
    const [value, timing] = timed(run);
    check(value);
    timings.push(timing);
  }
  return {
    medianMs: round(median(timings.map((t) => t.wallMs))),
    cpuMedianMs: round(median(timings.map((t) => t.cpuMs))),
    runsMs: timings.map((t) => round(t.wallMs)),
  };
}

function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected))
    throw new Error(`${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
}

function main(): void {
  const loadAtStart = loadavg().map((l) => Math.round(l * 100) / 100);
  const { source, target } = historyWorkload(count);

  const oneWay = bench(
    () =>
      planFeature({
        feature: 'history',
        mode: 'one-way',
        source: { records: source, complete: true },
        target: { records: target, complete: true },
      }),
    (plan) => expectEqual([plan.toTarget.add.length, plan.toTarget.remove.length], [5000, 0], 'one-way plan'),
  );
  const twoWay = bench(
    () =>
      planFeature({
        feature: 'history',
        mode: 'two-way',
        source: { records: source, complete: true },
        target: { records: target, complete: true },
        baseline: { source, target },
        options: { remove: true },
      }),
    (plan) => expectEqual([plan.toTarget.add.length, plan.toSource.add.length, plan.toSource.remove.length], [5000, 0, 0], 'two-way plan'),
  );

  const items = Array.from({ length: count }, (_, n) => episodeItem(n));
  const build = bench(
    () => new ItemIndex((item: MinimalItem) => item, items),
    (index) => expectEqual(index.find(items[123]!).length, 1, 'index build'),
  );
  const index = new ItemIndex((item: MinimalItem) => item, items);
  const byId = bench(
    () => items.filter((item) => index.find({ type: 'episode', ids: item.ids }).length === 1).length,
    (found) => expectEqual(found, count, 'lookups by id'),
  );
  const byPosition = bench(
    () => items.filter((item) => index.find({ ...item, ids: {} })[0] === item).length,
    (found) => expectEqual(found, count, 'lookups by show + season/episode'),
  );

  const report = {
    benchmark: 'plan',
    runs,
    loadAverageAtStart: loadAtStart,
    timing: 'wall ms of each run after one warm-up; median over runs (cpuMedianMs: this process)',
    planFeature: {
      input: { sourcePlays: source.length, targetPlays: target.length, feature: 'history', items: 'episodes' },
      oneWayNoBaseline: oneWay,
      twoWayWithBaselines: twoWay,
    },
    itemIndex: {
      records: items.length,
      build,
      lookupsById: { lookups: count, ...byId },
      lookupsByShowSeasonEpisode: { lookups: count, ...byPosition },
    },
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main();

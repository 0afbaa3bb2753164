/**
 * Metadata provider benchmark (issue 13): match and metadata latency as Plex's scan sees it, against a simulated
 * Stash of 10,000 scenes over real HTTP on loopback, with the regex path rule of a real install. A cold pass (every
 * answer read from Stash) and a warm pass (Stash answers cached, the state during a scan and its refreshes); the
 * target is p99 ≤ 50 ms warm. Matches update the gap records in PostgreSQL (DATABASE_URL, or the config's default),
 * as in production. Prints JSON.
 *
 *   DATABASE_URL=$(bash scripts/ensure-postgres.sh) npx tsx bench/provider.ts
 */
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { type RunningBridge, startBridge } from '../src/bridge/bridge';
import { parseConfig } from '../src/config';
import { createLogger } from '../src/log';
import { startSimulator } from '../src/sim';
import { plexSceneRoot } from '../src/sim/stash';
import { stashProviderSections } from '../src/sim/stash/provider-config';
import { round } from './timing';

const scenes = 10_000;
const files = 2_000;
const target = { warmP99Ms: 50 };

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}
const summary = (values: number[]) => ({ n: values.length, p50Ms: round(percentile(values, 50)), p99Ms: round(percentile(values, 99)) });

async function main(): Promise<void> {
  const sim = await startSimulator({ size: 'tiny', seed: 13, stash: { scenes } });
  const config = parseConfig({
    bridge: { port: 0 },
    ...(process.env.DATABASE_URL ? { database: { url: process.env.DATABASE_URL } } : {}),
    ...stashProviderSections(sim, { cache_ttl_ms: 600_000 }),
  });
  let bridge: RunningBridge | undefined;
  const dispatcher = new Agent({ connections: 4, keepAliveTimeout: 60_000 });
  try {
    bridge = await startBridge({ config, log: createLogger({ level: 'silent' }) });
    const base = bridge.providerUrl as string;
    const names = [...sim.stash!.world.scenes.values()]
      .filter((_, n) => n % (scenes / files) === 0)
      .map((scene) => ({ id: scene.id, filename: scene.path.split('/').slice(3).join('/') }));

    const time = async (run: () => Promise<number>) => {
      const started = performance.now();
      const status = await run();
      if (status !== 200) throw new Error(`provider answered ${status}`);
      return performance.now() - started;
    };
    const match = (filename: string) =>
      time(async () => {
        const answer = await request(`${base}/library/metadata/matches`, {
          method: 'POST',
          dispatcher,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ type: 1, filename, includeFields: 'guid,title,thumb,originallyAvailableAt,year,type' }),
        });
        await answer.body.json();
        return answer.statusCode;
      });
    const metadata = (id: string) =>
      time(async () => {
        const answer = await request(`${base}/library/metadata/${id}`, { dispatcher });
        await answer.body.json();
        return answer.statusCode;
      });

    const pass = async () => {
      const timings = { match: [] as number[], metadata: [] as number[] };
      // As a scan does it: a file's match, then its metadata.
      for (const file of names) {
        timings.match.push(await match(file.filename));
        timings.metadata.push(await metadata(file.id));
      }
      return timings;
    };
    const cold = await pass();
    const warm = await pass();
    const result = {
      benchmark: 'provider',
      stashScenes: scenes,
      files: names.length,
      libraryRoot: plexSceneRoot,
      cold: { match: summary(cold.match), metadata: summary(cold.metadata) },
      warm: { match: summary(warm.match), metadata: summary(warm.metadata) },
      target,
      met: percentile(warm.match, 99) <= target.warmP99Ms && percentile(warm.metadata, 99) <= target.warmP99Ms,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await bridge?.close();
    await dispatcher.close();
    await sim.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

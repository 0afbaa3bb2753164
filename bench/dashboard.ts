/**
 * Dashboard benchmark (issue 15): page loads on the demo data, target p95 ≤ 200 ms per page. The demo as `npm start`
 * runs it (simulated Plex of a few hundred titles → simulated Trakt, its first sync done), a worker in its own
 * process, the bridge in this one; each page is asked for N times in turn over HTTP from loopback. Prints JSON.
 * Run: TEMPORAL_CLI_PATH=… DATABASE_URL=… npx tsx bench/dashboard.ts   (BENCH_DASHBOARD_REQUESTS=N, default 100)
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { startBridge } from '../src/bridge/bridge';
import { demoPairId, prepareDemo } from '../src/client/demo';
import { startPairRun } from '../src/client/pair-runs';
import { pairRunResult } from '../src/client/progress';
import { connectClient } from '../src/client/temporal';
import { parseConfig } from '../src/config';
import { freePort } from '../src/devserver/temporal';
import { createLogger } from '../src/log';
import { startSimulator } from '../src/sim';
import { percentile, runBenchmark, startWorker } from './support';

const requests = Number(process.env.BENCH_DASHBOARD_REQUESTS ?? 100);
const warmup = 5;
const targetP95Ms = 200;
const pages = ['/ui', '/ui/attention', '/ui/playing', '/ui/library', '/ui/health'];

async function timePage(url: string): Promise<{ p50: number; p95: number; max: number }> {
  const load = async () => {
    const started = performance.now();
    const { statusCode, body } = await request(url);
    await body.text();
    if (statusCode !== 200) throw new Error(`${url} answered ${statusCode}`);
    return performance.now() - started;
  };
  for (let i = 0; i < warmup; i++) await load();
  const times: number[] = [];
  for (let i = 0; i < requests; i++) times.push(await load());
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), max: round(Math.max(...times)) };
}

runBenchmark(async (temporalAddress, databaseUrl) => {
  const sim = await startSimulator({ size: 'demo' });
  const base = parseConfig({
    temporal: { address: temporalAddress, task_queue: 'bench-dashboard' },
    database: { url: databaseUrl },
    bridge: { port: await freePort() },
  });
  const configPath = await prepareDemo(mkdtempSync(join(tmpdir(), 'watchsync-bench-dashboard-')), base, sim);
  const configInput = JSON.parse(readFileSync(configPath, 'utf8'));
  const config = parseConfig(configInput);
  const worker = await startWorker(configInput);
  const client = await connectClient(config);
  const bridge = await startBridge({ config, log: createLogger({ level: 'silent' }) });
  try {
    const { handle } = await startPairRun(client, config, { pairId: demoPairId, startedBy: 'bench/dashboard.ts' }, () => undefined);
    await pairRunResult(handle);
    const results: Record<string, { p50: number; p95: number; max: number }> = {};
    for (const page of pages) results[page] = await timePage(`${bridge.url}${page}`);
    const worstP95 = Math.max(...Object.values(results).map((r) => r.p95));
    return { requestsPerPage: requests, targetP95Ms, worstP95Ms: worstP95, withinTarget: worstP95 <= targetP95Ms, pages: results };
  } finally {
    await bridge.close();
    await client.connection.close();
    await worker.stop();
    await sim.close();
  }
});

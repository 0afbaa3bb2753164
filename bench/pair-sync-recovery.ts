/**
 * Pair-sync recovery benchmark (issue 17): a Plex → Trakt history sync run three times on worker processes with the
 * production timeouts — undisturbed, with PostgreSQL restarted mid-apply followed by an outage, and with the worker
 * SIGKILLed mid-apply several times (a new one started at once). Prints JSON: time to finish, plays lost and
 * duplicated on the Trakt simulator, whether the worker survived the restart, and how long after each kill Trakt
 * received a write again (the chunks of a killed worker are retried once their heartbeat timeout passes).
 *
 *   TEMPORAL_CLI_PATH=$(bash scripts/ensure-temporal.sh) npx tsx bench/pair-sync-recovery.ts [--plays 2000] [--outage-ms 30000] [--kills 3]
 *
 * PostgreSQL is a cluster of the benchmark's own (bench/pg-cluster.ts), so restarting it disturbs nobody.
 */
import { Client, Connection } from '@temporalio/client';
import type { ConfigInput } from '../src/config';
import { type Simulator, simSizes, startSimulator } from '../src/sim';
import { simulatorSections } from '../src/sim/config';
import { createPool, type Pool } from '../src/store/db';
import { migrate } from '../src/store/migrate';
import { createSecretBox } from '../src/store/secret-box';
import { pgTraktTokenStore } from '../src/store/trakt-tokens';
import type { PairSyncResult, pairSync } from '../src/workflows/pair-sync';
import { pairSyncWorkflowType, pairWorkflowId } from '../src/workflows/pair-sync-api';
import { duplicatePlays, expectedTraktPlays } from '../test/support/trakt-plays';
import { type PgCluster, startPgCluster } from './pg-cluster';
import { startBenchServer, startWorker, type WorkerProcess } from './support';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};

/** Called once the run is applying; returns what happened. */
type Disturbance = (ctx: {
  sim: Simulator;
  workers: WorkerProcess[];
  config: ConfigInput;
  posts: () => number;
  /** True once the run has finished: a disturbance stops waiting for writes then. */
  finished: () => boolean;
}) => Promise<Record<string, unknown>>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the run');
    await sleep(100);
  }
}

async function main(): Promise<void> {
  const cliPath = process.env.TEMPORAL_CLI_PATH;
  if (!cliPath) throw new Error('set TEMPORAL_CLI_PATH=$(bash scripts/ensure-temporal.sh)');
  const plays = arg('plays', 2_000);
  const outageMs = arg('outage-ms', 30_000);
  const kills = arg('kills', 3);

  const server = await startBenchServer(cliPath);
  const cluster = await startPgCluster();
  try {
    await measure(server.address, cluster, { plays, outageMs, kills });
  } finally {
    await cluster.destroy();
    await server.stop();
  }
}

async function measure(
  address: string,
  cluster: PgCluster,
  { plays, outageMs, kills }: { plays: number; outageMs: number; kills: number },
) {
  const db = createPool(cluster.url, 2);
  await migrate(db);
  const connection = await Connection.connect({ address: address });
  const client = new Client({ connection });

  const scenario = async (name: string, disturb?: Disturbance) => {
    const sim = await startSimulator({ size: { ...simSizes.tiny, plays }, seed: 42 });
    const pairId = `recovery-${name}-${Date.now()}`;
    const config: ConfigInput = {
      temporal: { address: address },
      database: { url: cluster.url },
      // `worker polling` (info) is how startWorker knows the worker is up.
      log: { level: 'info' },
      ...simulatorSections(sim, pairId),
      pairs: [{ id: pairId, source: 'plex', target: 'trakt', features: { history: {} } }],
    };
    await seedTokens(db, pairId, sim, config);
    const workers = [await startWorker(config)];
    const posts = () => sim.trakt.faults.count('POST /sync/history');
    const started = Date.now();
    const handle = await client.workflow.start<typeof pairSync>(pairSyncWorkflowType, {
      taskQueue: 'watchsync',
      workflowId: pairWorkflowId(pairId),
      args: [{ pairId }],
    });
    let done = false;
    const result = (handle.result() as Promise<PairSyncResult>).finally(() => {
      done = true;
    });
    let disturbance: Record<string, unknown> = {};
    if (disturb) {
      await until(() => posts() >= 2);
      disturbance = await disturb({ sim, workers, config, posts, finished: () => done });
    }
    const outcome = await result;
    const wallSeconds = (Date.now() - started) / 1000;
    const expected = expectedTraktPlays(sim);
    const onTrakt = sim.trakt.control.truth(sim.tokens.traktUsername).history;
    const there = new Map<string, number>();
    for (const p of onTrakt) there.set(`${p.key}@${p.watched_at}`, (there.get(`${p.key}@${p.watched_at}`) ?? 0) + 1);
    const lost = expected.filter((p) => {
      const key = `${p.key}@${p.watched_at}`;
      const left = there.get(key) ?? 0;
      if (left > 0) there.set(key, left - 1);
      return left === 0;
    }).length;
    const report = {
      scenario: name,
      wallSeconds,
      status: outcome.features.map((f) => f.status),
      expectedPlays: expected.length,
      playsOnTrakt: onTrakt.length,
      lost,
      duplicated: duplicatePlays(onTrakt).length,
      unexpected: [...there.values()].reduce((n, c) => n + c, 0),
      ...disturbance,
    };
    for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) await worker.stop();
    await sim.close();
    process.stderr.write(`${JSON.stringify(report)}\n`);
    return report;
  };

  const undisturbed = await scenario('undisturbed');
  const pgRestart = await scenario('postgres-restart', async ({ workers, posts }) => {
    const restartedAt = Date.now();
    const postsBefore = posts();
    await cluster.restart(outageMs);
    const backAt = Date.now();
    await until(() => posts() > postsBefore);
    return {
      outageSeconds: (backAt - restartedAt) / 1000,
      firstWriteAfterBackSeconds: (Date.now() - backAt) / 1000,
      workerSurvived: workers[0]!.child.exitCode === null && workers[0]!.child.signalCode === null,
    };
  });
  const workerKills = await scenario('worker-kills', async ({ workers, config, posts, finished }) => {
    const firstWriteAfterKillSeconds: number[] = [];
    for (let kill = 0; kill < kills && !finished(); kill++) {
      const postsBefore = posts();
      const killedAt = Date.now();
      await workers[workers.length - 1]!.kill();
      workers.push(await startWorker(config));
      // Recovered when Trakt receives the next write: the killed chunk, retried after its heartbeat timeout.
      await until(() => posts() > postsBefore);
      firstWriteAfterKillSeconds.push((Date.now() - killedAt) / 1000);
      // Let it write a little before the next kill.
      const resumed = posts();
      await until(() => finished() || posts() >= resumed + 2);
    }
    return { kills: firstWriteAfterKillSeconds.length, firstWriteAfterKillSeconds };
  });

  process.stdout.write(
    `${JSON.stringify({ benchmark: 'pair-sync-recovery', plays, outageMs, scenarios: [undisturbed, pgRestart, workerKills] }, null, 2)}\n`,
  );
  await connection.close();
  await db.end();
}

async function seedTokens(db: Pool, account: string, sim: Simulator, config: ConfigInput): Promise<void> {
  await pgTraktTokenStore(db, createSecretBox(config.secrets ?? {})).save(account, {
    accessToken: sim.tokens.traktAccess,
    refreshToken: sim.tokens.traktRefresh,
    expiresAt: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(),
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

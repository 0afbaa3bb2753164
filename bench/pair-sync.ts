/**
 * Pair-sync benchmark (issue 4): a first full Plex → Trakt sync of 5,000 movies / 50,000 episodes /
 * 20,000 plays / 2,000 ratings / 300 watchlist items against the simulator with Trakt's rate limits
 * enforced, then a no-change rerun. Prints JSON.
 *
 *   TEMPORAL_CLI_PATH=$(bash scripts/ensure-temporal.sh) DATABASE_URL=$(bash scripts/ensure-postgres.sh) npx tsx bench/pair-sync.ts [--size bench]
 */
import { Client, Connection } from '@temporalio/client';
import type { ConfigInput } from '../src/config';
import { type SimSizeName, startSimulator } from '../src/sim';
import { simulatorSections } from '../src/sim/config';
import { createPool } from '../src/store/db';
import { migrate } from '../src/store/migrate';
import { createSecretBox } from '../src/store/secret-box';
import { pgTraktTokenStore } from '../src/store/trakt-tokens';
import type { PairSyncResult, pairSync } from '../src/workflows/pair-sync';
import { pairSyncWorkflowType, pairWorkflowId } from '../src/workflows/pair-sync-api';
import { countsOf, requireEnv, startBenchServer, startWorker } from './support';

async function main(): Promise<void> {
  const sizeArg = process.argv.indexOf('--size');
  const size = (sizeArg > 0 ? process.argv[sizeArg + 1] : 'bench') as SimSizeName;
  const { cliPath, databaseUrl } = requireEnv();
  const server = await startBenchServer(cliPath);
  const generationStarted = Date.now();
  const sim = await startSimulator({ size, seed: 42 });
  const simStartMs = Date.now() - generationStarted;
  const pairId = `bench-${Date.now()}`;
  const account = `bench-${Date.now()}`;
  const config: ConfigInput = {
    temporal: { address: server.address },
    database: { url: databaseUrl },
    log: { level: 'info' },
    ...simulatorSections(sim, account),
    pairs: [{ id: pairId, source: 'plex', target: 'trakt', features: { history: {}, ratings: {}, watchlist: {} } }],
  };
  const db = createPool(databaseUrl, 2);
  await migrate(db);
  await pgTraktTokenStore(db, createSecretBox(config.secrets ?? {})).save(account, {
    accessToken: sim.tokens.traktAccess,
    refreshToken: sim.tokens.traktRefresh,
    expiresAt: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(),
  });
  const worker = await startWorker(config);
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });

  const run = async () => {
    for (const board of [sim.trakt.faults, sim.pms.faults, sim.discover.faults, sim.plextv.faults]) board.resetCounts();
    const rejectionsBefore = sim.trakt.rateLimiter.rejections.length;
    const writesBefore = sim.trakt.rateLimiter.acceptedWrites(`user:${sim.tokens.traktUsername}`).length;
    const started = Date.now();
    const handle = await client.workflow.start<typeof pairSync>(pairSyncWorkflowType, {
      taskQueue: 'watchsync',
      workflowId: pairWorkflowId(pairId),
      args: [{ pairId }],
    });
    const result = (await handle.result()) as PairSyncResult;
    const wallMs = Date.now() - started;
    const history = await handle.fetchHistory();
    const trakt = countsOf(sim.trakt.faults.counts);
    const traktGets = Object.entries(trakt)
      .filter(([route]) => route.startsWith('GET '))
      .reduce((n, [, c]) => n + c, 0);
    const traktPosts = Object.entries(trakt)
      .filter(([route]) => route.startsWith('POST '))
      .reduce((n, [, c]) => n + c, 0);
    return {
      wallSeconds: wallMs / 1000,
      workflowHistoryEvents: history.events?.length ?? 0,
      result: result.features.map((f) => ({ feature: f.feature, status: f.status, ...f.toTarget })),
      requests: {
        trakt,
        pms: countsOf(sim.pms.faults.counts),
        discover: countsOf(sim.discover.faults.counts),
        plextv: countsOf(sim.plextv.faults.counts),
      },
      traktGets,
      traktPosts,
      trakt429s: sim.trakt.rateLimiter.rejections.length - rejectionsBefore,
      traktWrites: writeTimeline(sim.trakt.rateLimiter.acceptedWrites(`user:${sim.tokens.traktUsername}`).slice(writesBefore), started),
      // Trakt allows 1 POST/s: a run that must POST n times cannot take less than about n seconds.
      rateLimitFloorSeconds: traktPosts,
    };
  };

  const first = await run();
  const rerun = await run();
  const truth = sim.trakt.control.truth(sim.tokens.traktUsername);
  const report = {
    benchmark: 'pair-sync',
    size,
    library: {
      movies: sim.catalog.movies.length,
      episodes: sim.catalog.episodes.length,
      plexPlays: sim.library.history.filter((h) => h.accountId === sim.library.owner.id).length,
    },
    simulatorStartSeconds: simStartMs / 1000,
    firstSync: {
      ...first,
      overFloorPercent:
        Math.round(((first.wallSeconds - first.rateLimitFloorSeconds) / Math.max(1, first.rateLimitFloorSeconds)) * 1000) / 10,
    },
    noChangeRerun: rerun,
    traktEndState: { plays: truth.history.length, ratings: truth.ratings.length, watchlist: truth.watchlist.length },
    maxAcceptedTraktPostsInAnySecond: sim.trakt.rateLimiter.maxAcceptedWritesIn(`user:${sim.tokens.traktUsername}`, 1000),
    workerPeakRssMb: worker.peakRssMb(),
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  await worker.stop();
  await connection.close();
  await db.end();
  await sim.close();
  await server.stop();
}

/** When Trakt writes started and how evenly they were spaced: where a run's time over the floor goes. */
function writeTimeline(times: readonly number[], started: number) {
  if (times.length === 0) return undefined;
  const gaps = times.slice(1).map((t, i) => t - times[i]!);
  const sorted = [...gaps].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    firstWriteAfterSeconds: (times[0]! - started) / 1000,
    lastWriteAfterSeconds: (times[times.length - 1]! - started) / 1000,
    gapMs: {
      p50: at(0.5),
      p90: at(0.9),
      max: sorted[sorted.length - 1] ?? 0,
      mean: Math.round(gaps.reduce((a, b) => a + b, 0) / Math.max(1, gaps.length)),
    },
  };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

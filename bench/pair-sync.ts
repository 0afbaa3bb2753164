/**
 * Pair-sync benchmark (issue 4): a first full Plex → Trakt sync of 5,000 movies / 50,000 episodes /
 * 20,000 plays / 2,000 ratings / 300 watchlist items against the simulator with Trakt's rate limits
 * enforced, then a no-change rerun. Prints JSON.
 *
 *   TEMPORAL_CLI_PATH=$(bash scripts/ensure-temporal.sh) DATABASE_URL=$(bash scripts/ensure-postgres.sh) npx tsx bench/pair-sync.ts [--size bench]
 */
import { type SimSizeName, startSimulator } from '../src/sim';
import { startPairSyncRunner } from './pair-sync-runner';
import { requireEnv, startBenchServer } from './support';

async function main(): Promise<void> {
  const sizeArg = process.argv.indexOf('--size');
  const size = (sizeArg > 0 ? process.argv[sizeArg + 1] : 'bench') as SimSizeName;
  const { cliPath, databaseUrl } = requireEnv();
  const server = await startBenchServer(cliPath);
  const generationStarted = Date.now();
  const sim = await startSimulator({ size, seed: 42 });
  const simStartMs = Date.now() - generationStarted;
  const runner = await startPairSyncRunner(sim, server.address, databaseUrl);

  const first = await runner.run();
  const rerun = await runner.run();
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
    workerPeakRssMb: runner.worker.peakRssMb(),
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  await runner.close();
  await sim.close();
  await server.stop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

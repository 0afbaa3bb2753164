/**
 * Library import benchmark (issue 11): 5,000 movies + 500 shows / 50,000 episodes on one simulated PMS,
 * imported by a worker in its own process: the first (full) import, a no-change incremental run, and an
 * incremental run after 100 changed items. Prints JSON: wall times, PMS requests, worker peak RSS.
 *
 *   TEMPORAL_CLI_PATH=$(bash scripts/ensure-temporal.sh) DATABASE_URL=$(bash scripts/ensure-postgres.sh) npx tsx bench/library-import.ts
 */
import { Client, Connection } from '@temporalio/client';
import type { ConfigInput } from '../src/config';
import { startSimulator } from '../src/sim';
import { createPool } from '../src/store/db';
import { migrate } from '../src/store/migrate';
import {
  type LibraryImportInput,
  type LibraryImportResult,
  type libraryImport,
  libraryImportWorkflowId,
} from '../src/workflows/library-import';
import { countsOf, requireEnv, startBenchServer, startWorker } from './support';

async function main(): Promise<void> {
  const { cliPath, databaseUrl } = requireEnv();
  const server = await startBenchServer(cliPath);
  const generationStarted = Date.now();
  const sim = await startSimulator({
    size: { movies: 5_000, shows: 500, episodes: 50_000, plays: 0, ratings: 0, watchlist: 0, users: 1 },
    seed: 42,
  });
  const simStartSeconds = (Date.now() - generationStarted) / 1000;
  const serverId = `bench-${Date.now()}`;
  const config: ConfigInput = {
    temporal: { address: server.address },
    database: { url: databaseUrl },
    // The benchmark waits for the worker's "worker polling" line, logged at info.
    log: { level: 'info' },
    library: {
      servers: [
        { id: serverId, url: sim.urls.pms, token: sim.tokens.plexOwner, path_mappings: [{ from: '/data/media', to: '/mnt/media' }] },
      ],
    },
  };
  const db = createPool(databaseUrl, 2);
  await migrate(db);
  const worker = await startWorker(config);
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });

  const run = async (input: Omit<LibraryImportInput, 'serverId'> = {}) => {
    sim.pms.faults.resetCounts();
    const started = Date.now();
    const handle = await client.workflow.start<typeof libraryImport>('libraryImport', {
      taskQueue: 'watchsync',
      workflowId: libraryImportWorkflowId(serverId),
      args: [{ serverId, ...input }],
    });
    const result = (await handle.result()) as LibraryImportResult;
    const wallSeconds = (Date.now() - started) / 1000;
    const requests = countsOf(sim.pms.faults.counts);
    return {
      wallSeconds,
      pmsRequests: Object.values(requests).reduce((n, c) => n + c, 0),
      requestsPerSection: Math.round((Object.values(requests).reduce((n, c) => n + c, 0) / result.sections.length) * 10) / 10,
      requests,
      workflowHistoryEvents: (await handle.fetchHistory()).events?.length ?? 0,
      sections: result.sections.map((s) => ({
        title: s.title,
        modes: s.modes,
        added: s.added,
        updated: s.updated,
        unchanged: s.unchanged,
        missing: s.missing,
      })),
    };
  };

  const firstImport = await run();
  const noChange = await run();
  // 100 changed items: 50 movies with new metadata, 50 episodes with a replaced file.
  const movies = sim.library.itemsOfType(1, 'movie');
  const episodes = sim.library.itemsOfType(2, 'episode');
  for (let i = 0; i < 50; i++) sim.pms.edits.changeMetadata(movies[i * 37]!.ratingKey, { summary: `edited ${i}` });
  for (let i = 0; i < 50; i++) sim.pms.edits.replaceFile(episodes[i * 997]!.ratingKey, { size: 1_000_000 + i });
  const changed100 = await run();
  const { rows } = await db.query(
    `select (select count(*) from library.movies where server_id = $1) as movies, (select count(*) from library.shows where server_id = $1) as shows,
       (select count(*) from library.episodes where server_id = $1) as episodes, (select count(*) from library.media_files where server_id = $1) as files`,
    [serverId],
  );
  const report = {
    benchmark: 'library-import',
    library: { movies: sim.catalog.movies.length, shows: sim.catalog.shows.length, episodes: sim.catalog.episodes.length },
    simulatorStartSeconds: simStartSeconds,
    firstImport,
    noChangeIncremental: noChange,
    changed100Incremental: changed100,
    rows: Object.fromEntries(Object.entries(rows[0]).map(([k, v]) => [k, Number(v)])),
    workerPeakRssMb: worker.peakRssMb(),
    targets: {
      firstImportSeconds: 90,
      firstImportRequests: 100,
      noChangeSeconds: 3,
      noChangeRequestsPerSection: 2,
      changed100Seconds: 5,
      workerPeakRssMb: 300,
    },
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  await worker.stop();
  await connection.close();
  await db.end();
  await sim.close();
  await server.stop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

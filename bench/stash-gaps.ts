/**
 * Stash gap comparison benchmark (issue 13): a simulated Stash of 10,000 scenes against the PMS section holding their
 * files, compared twice by a worker in its own process: Plex's files listed from the PMS (no import yet), then read
 * from the fresh library import of that section. Prints JSON: wall time, PMS requests and the gaps each found (they
 * must agree). The simulated PMS answers a page in milliseconds; a real one takes far longer per page, so the
 * requests saved matter more than the wall times here.
 *
 *   TEMPORAL_CLI_PATH=$(bash scripts/ensure-temporal.sh) DATABASE_URL=$(bash scripts/ensure-postgres.sh) npx tsx bench/stash-gaps.ts
 */
import { Client, Connection } from '@temporalio/client';
import type { ConfigInput } from '../src/config';
import { startSimulator } from '../src/sim';
import { stashSectionId } from '../src/sim/stash';
import { stashProviderSections } from '../src/sim/stash/provider-config';
import { createPool } from '../src/store/db';
import { migrate } from '../src/store/migrate';
import { type LibraryImportResult, libraryImportWorkflowId } from '../src/workflows/library-import';
import { type StashGapInput, type StashGapResult, stashGapWorkflowType } from '../src/workflows/stash-gaps-api';
import { countsOf, runBenchmark, startWorker } from './support';

const scenes = 10_000;
const serverId = 'bench';

runBenchmark(async (temporalAddress, databaseUrl) => {
  // 100 files Plex never scanned and 100 scenes gone from Stash: gaps both ways.
  const unscanned = Array.from({ length: 100 }, (_, n) => String(n * 7 + 3));
  const sim = await startSimulator({ size: 'tiny', seed: 41, stash: { scenes, unscanned } });
  for (let n = 1; n <= 100; n++) sim.stash!.world.scenes.delete(String(n * 7));
  const config: ConfigInput = {
    temporal: { address: temporalAddress },
    database: { url: databaseUrl },
    // The benchmark waits for the worker's "worker polling" line, logged at info.
    log: { level: 'info' },
    plex: { pms_url: sim.urls.pms, pms_token: sim.tokens.plexOwner },
    ...stashProviderSections(sim, { section_ids: [stashSectionId] }),
    library: { servers: [{ id: serverId, url: sim.urls.pms, token: sim.tokens.plexOwner, sections: [String(stashSectionId)] }] },
  };
  const db = createPool(databaseUrl, 2);
  await migrate(db);
  const worker = await startWorker(config);
  const connection = await Connection.connect({ address: temporalAddress });
  const client = new Client({ connection });
  const timedRun = async <T>(run: () => Promise<T>) => {
    sim.pms.faults.resetCounts();
    const started = Date.now();
    const result = await run();
    return { wallSeconds: (Date.now() - started) / 1000, pmsRequests: countsOf(sim.pms.faults.counts), result };
  };
  const compare = (input: StashGapInput) =>
    timedRun(
      () =>
        client.workflow.execute(stashGapWorkflowType, {
          taskQueue: 'watchsync',
          workflowId: `bench-gaps-${Date.now()}`,
          args: [input],
        }) as Promise<StashGapResult>,
    );
  try {
    const listed = await compare({});
    const imported = await timedRun(async () => {
      const result = (await client.workflow.execute('libraryImport', {
        taskQueue: 'watchsync',
        workflowId: libraryImportWorkflowId(serverId),
        args: [{ serverId }],
      })) as LibraryImportResult;
      return result.sections.map((s) => ({ key: s.key, status: s.status, added: s.added }));
    });
    const fromImport = await compare({});
    const gaps = (r: StashGapResult) => ({
      stashScenes: r.stashScenes,
      plexFiles: r.plexFiles,
      plexOnly: r.plexOnly,
      stashOnly: r.stashOnly,
    });
    return {
      scenes,
      note: 'wall times on a shared, loaded machine are indicative',
      listingPlex: {
        wallSeconds: listed.wallSeconds,
        pmsRequests: listed.pmsRequests,
        gaps: gaps(listed.result),
        source: listed.result.plexSource,
      },
      libraryImport: { wallSeconds: imported.wallSeconds, pmsRequests: imported.pmsRequests, sections: imported.result },
      fromImport: {
        wallSeconds: fromImport.wallSeconds,
        pmsRequests: fromImport.pmsRequests,
        gaps: gaps(fromImport.result),
        source: fromImport.result.plexSource,
      },
      sameGaps: JSON.stringify(gaps(listed.result)) === JSON.stringify(gaps(fromImport.result)),
    };
  } finally {
    await connection.close();
    await worker.stop();
    await db.end();
    await sim.close();
  }
}).catch((error) => {
  console.error(error);
  process.exit(1);
});

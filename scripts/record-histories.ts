/**
 * Records workflow histories for the replay tests (test/histories/*.json). Run it when a workflow changes
 * on purpose, commit the new files next to the old ones, and keep the old ones: they prove that running
 * workflows still replay (changes must go behind `patched()`). Files are named `<scenario>-<date>.json`;
 * a recording never overwrites an older one. Record before changing a workflow, so the replay test checks
 * the change against histories of the code that ran until then.
 *
 *   TEMPORAL_CLI_PATH=… DATABASE_URL=… npx tsx scripts/record-histories.ts [scenario …]   (all when none)
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../src/activities';
import { createClients } from '../src/activities/clients';
import { createScrobbleSignaller } from '../src/bridge/signaller';
import { createStashSignaller } from '../src/client/stash-signals';
import { parseConfig } from '../src/config';
import { startDevServer } from '../src/devserver/temporal';
import { defaultScrobbleRules, type PlayEvent } from '../src/domain/scrobble';
import { startSimulator } from '../src/sim';
import { movieRatingKey } from '../src/sim/catalog';
import { simulatorSections } from '../src/sim/config';
import { plexSceneRoot, stashRoot, stashSectionId } from '../src/sim/stash';
import { stashProviderSections } from '../src/sim/stash/provider-config';
import { createPool } from '../src/store/db';
import { migrate } from '../src/store/migrate';
import { createSecretBox } from '../src/store/secret-box';
import { pgTraktTokenStore } from '../src/store/trakt-tokens';
import { workflowsPath } from '../src/worker';
import { pairSyncWorkflowType, pairWorkflowId } from '../src/workflows/pair-sync-api';
import { stashPlexWriteQueue, traktWriteQueue } from '../src/workflows/queues';
import { stashSceneWorkflowId } from '../src/workflows/stash-api';
import { stashGapWorkflowType } from '../src/workflows/stash-gaps-api';

const taskQueue = 'record-histories';
/** The Stash scene the stash-scene scenario pushes (one of the simulator's; its row is cleared before recording). */
const stashSceneId = '1';
const day = new Date().toISOString().slice(0, 10);

interface Recorder {
  client: Client;
}

/** One scenario: runs a workflow and returns the handle of the execution to record. */
type Scenario = (recorder: Recorder) => Promise<WorkflowHandle>;

const scenarios: Record<string, Scenario> = {
  async doctor({ client }) {
    const handle = await client.workflow.start('doctor', { taskQueue, workflowId: 'record/doctor', args: [] });
    await handle.result();
    return handle;
  },

  /** A one-way Plex → Trakt pair, every feature, against the simulator. */
  async 'pair-sync'({ client }) {
    const handle = await client.workflow.start(pairSyncWorkflowType, {
      taskQueue,
      workflowId: pairWorkflowId('record'),
      args: [{ pairId: 'record', retry: { initialIntervalMs: 100, maximumIntervalMs: 1_000 } }],
    });
    await handle.result();
    return handle;
  },

  /** A movie watched through webhooks: start, pause, resume, stop; the run continues as new after four signals. */
  async scrobble({ client }) {
    const serverUuid = simulator.library.machineIdentifier;
    const signaller = createScrobbleSignaller({
      client,
      taskQueue,
      input: () => ({ serverUuid, rules: defaultScrobbleRules, options: { maxEventsPerRun: 4, callTimeoutMs: 4_000 } }),
      startedBy: 'scripts/record-histories.ts',
    });
    const movie = simulator.catalog.movies.find((m) => m.guidStyle === 'modern' && m.traktKnown)!;
    const at = Date.now();
    const event = (state: PlayEvent['state'], offset: number): PlayEvent => ({
      kind: 'play',
      serverUuid,
      sessionKey: 'record-1',
      ratingKey: movieRatingKey(movie),
      state,
      viewOffsetMs: Math.round(movie.durationMs * offset),
      receivedAt: at + Math.round(movie.durationMs * offset),
      source: 'webhook',
      user: simulator.library.owner.title,
    });
    const handle = client.workflow.getHandle(`scrobble/${serverUuid}`);
    let first: string | undefined;
    for (const [state, offset] of [
      ['playing', 0.1],
      ['paused', 0.4],
      ['playing', 0.4],
      ['stopped', 0.95],
    ] as const) {
      await signaller.deliver(event(state, offset));
      first ??= (await handle.describe()).runId;
      // Time for the Trakt calls of each event, so the run records them before it continues as new.
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    // The first run ends by continuing as new: its history is complete.
    for (;;) {
      const { runId } = await handle.describe();
      if (runId !== first) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return client.workflow.getHandle(`scrobble/${serverUuid}`, first);
  },

  /** A comparison of the simulator's Stash with its PMS scene section, started as `stash gaps schedule` starts it. */
  async 'stash-gaps'({ client }) {
    const handle = await client.workflow.start(stashGapWorkflowType, { taskQueue, workflowId: 'record/stash-gaps', args: [] });
    await handle.result();
    return handle;
  },

  /** A scene edited in Stash: debounced, matched by its path, its metadata and poster pushed to Plex. */
  async 'stash-scene'({ client }) {
    const signaller = createStashSignaller({ client, taskQueue, settings: { debounceMs: 200 } });
    await signaller.sceneChanged(stashSceneId, { source: 'scripts/record-histories.ts' });
    const handle = client.workflow.getHandle(stashSceneWorkflowId(stashSceneId));
    await handle.result();
    return handle;
  },
};

let simulator: Awaited<ReturnType<typeof startSimulator>>;

async function main(): Promise<void> {
  const cliPath = process.env.TEMPORAL_CLI_PATH;
  const databaseUrl = process.env.DATABASE_URL;
  if (!cliPath || !databaseUrl) throw new Error('set TEMPORAL_CLI_PATH and DATABASE_URL (scripts/ensure-*.sh print them)');
  const server = await startDevServer({ cliPath, headless: true });
  simulator = await startSimulator({ size: 'tiny', seed: 17, enforceTraktRateLimits: false, stash: { scenes: 20 } });
  const account = `record-${Date.now()}`;
  const provider = stashProviderSections(simulator, { section_ids: [stashSectionId] });
  const config = parseConfig({
    database: { url: databaseUrl },
    ...simulatorSections(simulator, account),
    trakt: { ...simulatorSections(simulator, account).trakt, min_write_interval_ms: 0 },
    ...provider,
    // The provider's regex rule maps Plex → Stash only; the push maps back with the prefix rule after it.
    stash: {
      ...provider.stash,
      enabled: true,
      plex_section_ids: [stashSectionId],
      path_mappings: [...(provider.stash?.path_mappings ?? []), { from: plexSceneRoot, to: stashRoot }],
    },
    pairs: [{ id: 'record', source: 'plex', target: 'trakt', features: { history: {}, ratings: {}, watchlist: {} } }],
  });
  const db = createPool(databaseUrl, 4);
  await migrate(db);
  await db.query('delete from baselines where pair_id = $1', ['record']);
  await db.query('delete from stash_scenes where scene_id = $1', [stashSceneId]);
  await pgTraktTokenStore(db, createSecretBox(config.secrets)).save(account, {
    accessToken: simulator.tokens.traktAccess,
    refreshToken: simulator.tokens.traktRefresh,
    expiresAt: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(),
  });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const activities = createActivities({ db, config, clients: createClients(config, db) });
  const worker = await Worker.create({ connection: nativeConnection, taskQueue, workflowsPath, activities });
  const writes = await Worker.create({ connection: nativeConnection, taskQueue: traktWriteQueue(taskQueue), activities });
  const plexWrites = await Worker.create({ connection: nativeConnection, taskQueue: stashPlexWriteQueue(taskQueue), activities });
  await plexWrites.runUntil(
    writes.runUntil(
      worker.runUntil(async () => {
        const wanted = process.argv.slice(2);
        for (const [name, scenario] of Object.entries(scenarios)) {
          if (wanted.length > 0 && !wanted.includes(name)) continue;
          const file = join(__dirname, '..', 'test', 'histories', `${name}-${day}.json`);
          if (existsSync(file)) continue;
          const history = await (await scenario({ client })).fetchHistory();
          writeFileSync(file, `${JSON.stringify(JSON.parse(historyToJSON(history)), null, 2)}\n`);
          console.log(`recorded ${file}`);
        }
      }),
    ),
  );
  await connection.close();
  await nativeConnection.close();
  await db.end();
  await simulator.close();
  await server.stop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

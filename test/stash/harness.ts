/**
 * A Stash push rig: the simulators (PMS with a "Stash" section, Stash), a real bridge serving POST /hooks/stash,
 * a worker polling its own task queue and the PMS write queue, on the shared Temporal dev server and PostgreSQL.
 * Each test file seeds its own scene id range, so files never share scenes or workflow IDs.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { request } from 'undici';
import { createActivities } from '../../src/activities';
import { startBridge } from '../../src/bridge/bridge';
import { createStashSignaller } from '../../src/client/stash-signals';
import { type Config, type ConfigInput, parseConfig } from '../../src/config';
import { freePort } from '../../src/devserver/temporal';
import { createLogger } from '../../src/log';
import { type Simulator, startSimulator } from '../../src/sim';
import { stashSimulatorSections } from '../../src/sim/config';
import type { MetadataTruth } from '../../src/sim/plex/metadata-edits';
import { sceneRatingKey } from '../../src/sim/stash';
import { createPool, type Pool } from '../../src/store/db';
import { stashPlexWriteQueue } from '../../src/workflows/queues';
import type { StashSceneSettings } from '../../src/workflows/stash-api';
import { services } from '../support/services';

export { eventually } from '../scrobble/harness';

/** Millisecond waits for tests (production defaults are seconds to hours). */
export const fastSettings: Partial<StashSceneSettings> = {
  debounceMs: 300,
  jobPollMs: 100,
  jobWaitMaxMs: 20_000,
  missingRetryMs: 20_000,
  missingRetryInitialMs: 100,
  missingRetryMaxIntervalMs: 500,
  pushRetryInitialMs: 100,
  pushRetryMaxIntervalMs: 500,
};

export interface StashRig {
  sim: Simulator;
  config: Config;
  db: Pool;
  client: Client;
  taskQueue: string;
  bridgeUrl: string;
  hookSecret: string;
  /** The PMS's ground truth of a scene's item. */
  plexTruth(sceneId: string): Promise<MetadataTruth & { title: string }>;
  signal(sceneId: string, force?: boolean): Promise<void>;
}

export interface RigOptions {
  scenes: number;
  firstId: number;
  unscanned?: string[];
  stash?: ConfigInput['stash'];
  settings?: Partial<StashSceneSettings>;
}

export async function withStashRig<T>(options: RigOptions, fn: (rig: StashRig) => Promise<T>): Promise<T> {
  const sim = await startSimulator({ stash: { scenes: options.scenes, firstId: options.firstId, unscanned: options.unscanned } });
  sim.pms.scanner.delayMs = 100;
  const taskQueue = `stash-${randomUUID()}`;
  const hookSecret = randomUUID();
  const config = parseConfig({
    temporal: { address: services().temporalAddress, task_queue: taskQueue },
    database: { url: services().databaseUrl },
    ...stashSimulatorSections(sim, { port: await freePort(), stash_hook_secret: hookSecret }, options.stash),
  });
  const settings = { ...fastSettings, ...options.settings };
  const db = createPool(services().databaseUrl, 4);
  const nativeConnection = await NativeConnection.connect({ address: services().temporalAddress });
  const connection = await Connection.connect({ address: services().temporalAddress });
  const client = new Client({ connection });
  const signaller = createStashSignaller({ client, taskQueue, settings });
  const activities = createActivities({ db, config, stashSignaller: () => signaller });
  const bridge = await startBridge({ config, log: createLogger({ level: 'silent' }), stashSettings: settings });
  const stash = sim.stash;
  if (!stash) throw new Error('no Stash simulator');
  stash.hookTarget = { url: `${bridge.url}/hooks/stash`, secret: hookSecret };
  try {
    const common = { connection: nativeConnection, activities };
    const worker = await Worker.create({ ...common, taskQueue, workflowBundle: { codePath: services().workflowBundlePath } });
    const writes = await Worker.create({
      ...common,
      taskQueue: stashPlexWriteQueue(taskQueue),
      maxTaskQueueActivitiesPerSecond: config.stash.plex_writes_per_second,
    });
    const rig: StashRig = {
      sim,
      config,
      db,
      client,
      taskQueue,
      bridgeUrl: bridge.url,
      hookSecret,
      async plexTruth(sceneId) {
        const response = await request(`${sim.urls.pms}/__admin/items/${sceneRatingKey(sceneId)}/metadata`);
        return (await response.body.json()) as MetadataTruth & { title: string };
      },
      signal: (sceneId, force) => signaller.sceneChanged(sceneId, { source: 'test', force }),
    };
    const run = fn(rig);
    return await writes.runUntil(worker.runUntil(run));
  } finally {
    await bridge.close();
    await sim.close();
    await connection.close();
    await nativeConnection.close();
    await db.end();
  }
}

/**
 * A second Plex item for a scene's file, in another folder (`ratingKey` its key): without a path rule the file name
 * alone no longer decides which item is the scene's.
 */
export function addCopyOfSceneFile(rig: StashRig, sceneId: string, ratingKey: string): void {
  const original = rig.sim.library.items.get(sceneRatingKey(sceneId))!;
  rig.sim.library.addItem({ ...original, ratingKey, file: original.file?.replace('/data/media/stash/', '/data/media/stash/copy/') });
}

/** The scene workflow's result, once it completed. */
export async function sceneOutcome(rig: StashRig, sceneId: string) {
  return rig.client.workflow.getHandle(`stash-scene/${sceneId}`).result();
}

import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { createClients } from '../../src/activities/clients';
import { type Config, type ConfigInput, parseConfig } from '../../src/config';
import type { Simulator } from '../../src/sim';
import { simulatorSections } from '../../src/sim/config';
import { createPool, type Pool } from '../../src/store/db';
import { createSecretBox } from '../../src/store/secret-box';
import { pgTraktTokenStore } from '../../src/store/trakt-tokens';
import { traktWriteQueue } from '../../src/workflows/queues';
import { services } from './services';

/** A config whose Plex and Trakt point at the simulator, plus `extra` (pairs, options). */
export function simConfig(sim: Simulator, extra: Partial<ConfigInput> = {}): Config {
  const { temporalAddress, databaseUrl } = services();
  return parseConfig({
    temporal: { address: temporalAddress },
    database: { url: databaseUrl },
    ...simulatorSections(sim, `acct-${randomUUID()}`),
    ...extra,
  });
}

/** The Trakt token store as the worker of `config` sees it (sealed with the config's key). */
export function traktTokenStore(db: Pool, config: Config) {
  return pgTraktTokenStore(db, createSecretBox(config.secrets));
}

/** Stores the simulator's Trakt tokens as `watchsync auth trakt` would have. */
export async function seedTraktTokens(db: Pool, config: Config, sim: Simulator): Promise<void> {
  await traktTokenStore(db, config).save(config.trakt.account, {
    accessToken: sim.tokens.traktAccess,
    refreshToken: sim.tokens.traktRefresh,
    expiresAt: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(),
  });
}

export interface SyncContext {
  client: Client;
  taskQueue: string;
  db: Pool;
}

/**
 * Runs `fn` while the two workers of a real deployment poll a task queue (of their own unless given): workflows
 * and activities, and the rate-limited Trakt writes queue.
 */
export async function withSyncWorkers<T>(
  config: Config,
  fn: (ctx: SyncContext) => Promise<T>,
  taskQueue = `sync-${randomUUID()}`,
): Promise<T> {
  const { temporalAddress, workflowBundlePath } = services();
  const db = createPool(config.database.url, 8);
  const nativeConnection = await NativeConnection.connect({ address: temporalAddress });
  const connection = await Connection.connect({ address: temporalAddress });
  try {
    const activities = createActivities({ db, config, clients: createClients(config, db) });
    const main = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      activities,
      workflowBundle: { codePath: workflowBundlePath },
    });
    const writes = await Worker.create({
      connection: nativeConnection,
      taskQueue: traktWriteQueue(taskQueue),
      activities,
      maxTaskQueueActivitiesPerSecond: config.trakt.writes_per_second,
    });
    const run = fn({ client: new Client({ connection }), taskQueue, db });
    return await writes.runUntil(main.runUntil(run));
  } finally {
    await connection.close();
    await nativeConnection.close();
    await db.end();
  }
}

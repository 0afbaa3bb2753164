import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { Config, ConfigInput } from '../../src/config';
import type { Simulator } from '../../src/sim';
import { createPool, type Pool } from '../../src/store/db';
import { services } from './services';
import { seedTraktTokens, simConfig } from './sync';
import { writeTestConfig } from './worker-process';

export interface ProcessSync {
  config: Config;
  /** For `startWorkerProcess`: the same config, on a task queue of this test's own. */
  configPath: string;
  taskQueue: string;
  db: Pool;
  client: Client;
  close(): Promise<void>;
}

/**
 * What a test of real worker processes needs: a config file pointing at the simulator (Trakt tokens stored),
 * a task queue no other test polls, and a client to start and watch runs with.
 */
export async function processSync(sim: Simulator, extra: Partial<ConfigInput>): Promise<ProcessSync> {
  const taskQueue = `proc-${randomUUID()}`;
  const base = simConfig(sim, extra);
  const config: Config = { ...base, temporal: { ...base.temporal, task_queue: taskQueue } };
  const db = createPool(config.database.url, 2);
  await seedTraktTokens(db, config, sim);
  const connection = await Connection.connect({ address: services().temporalAddress });
  return {
    config,
    configPath: writeTestConfig(config),
    taskQueue,
    db,
    client: new Client({ connection }),
    async close() {
      await connection.close();
      await db.end();
    },
  };
}

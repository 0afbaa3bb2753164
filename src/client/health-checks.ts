/** The checks behind `watchsync health` and the dashboard's Health page: each component's status and what to do. */
import type { Client } from '@temporalio/client';
import { createClients } from '../activities/clients';
import type { Config } from '../config';
import { type Pool, ping } from '../store/db';
import { connectClient } from './temporal';
import { otherConfigs, pollingWorkers } from './workers';

export type Check = { status: 'ok' | 'error' | 'not configured' | 'skipped'; detail?: string };

async function check(run: () => Promise<string | undefined>): Promise<Check> {
  try {
    return { status: 'ok', detail: await run() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { status: / is not configured$/.test(message) ? 'not configured' : 'error', detail: message };
  }
}

const skipped = (detail: string): Check => ({ status: 'skipped', detail });

/** Where the database is, without its password. */
function databaseName(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}

async function checkDatabase(db: Pool, config: Config): Promise<Check> {
  return check(async () => {
    try {
      await ping(db);
    } catch (error) {
      throw new Error(
        `PostgreSQL at ${databaseName(config.database.url)} (database.url / DATABASE_URL): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return `PostgreSQL at ${databaseName(config.database.url)}`;
  });
}

/** Temporal, then whether a worker polls the task queue, and with which config. */
async function checkTemporal(config: Config): Promise<{ temporal: Check; worker: Check }> {
  let client: Client;
  try {
    client = await connectClient(config);
  } catch (error) {
    return {
      temporal: { status: 'error', detail: error instanceof Error ? error.message : String(error) },
      worker: skipped('needs Temporal'),
    };
  }
  try {
    const temporal: Check = { status: 'ok', detail: `${config.temporal.address}, namespace ${config.temporal.namespace}` };
    const worker = await check(async () => {
      const workers = await pollingWorkers(client, config);
      if (workers.length === 0)
        throw new Error(
          `no worker polls task queue "${config.temporal.task_queue}": start one (\`npm start\`, or \`docker compose up -d worker\`)`,
        );
      const others = otherConfigs(workers);
      const which = `${workers.length} polling task queue "${config.temporal.task_queue}" (${workers.map((w) => w.identity).join('; ')})`;
      if (others.length > 0) throw new Error(`${which}, with another config than this CLI's: ${others.join(', ')}`);
      return which;
    });
    return { temporal, worker };
  } finally {
    await client.connection.close();
  }
}

export interface HealthReport {
  database: Check;
  temporal: Check;
  worker: Check;
  plex: Check;
  trakt: Check;
}

/** PostgreSQL and Temporal (with its worker) first, then Plex and Trakt with the configured accounts. */
export async function healthReport(config: Config, db: Pool): Promise<HealthReport> {
  const clients = createClients(config, db);
  const [database, { temporal, worker }] = await Promise.all([checkDatabase(db, config), checkTemporal(config)]);
  const [plex, trakt] = await Promise.all([
    check(async () => {
      const plex = await clients.plex();
      const { features } = await plex.health();
      const notReady = Object.entries(features).filter(([, f]) => f.status !== 'ready');
      if (notReady.length > 0) throw new Error(notReady.map(([name, f]) => `${name}: ${'reason' in f ? f.reason : f.status}`).join('; '));
      // Whose data: the token's holder, or the Plex Home member pairs sync as.
      return `history, ratings and watchlist ready for "${(await plex.identity()).title}"`;
    }),
    // Trakt's tokens live in PostgreSQL: without it, Trakt cannot be judged (and is not to blame).
    database.status === 'ok'
      ? check(async () => {
          const settings = await clients.trakt().settings();
          return `logged in as ${settings.username}${settings.vip ? ' (VIP)' : ''}`;
        })
      : Promise.resolve(skipped('needs PostgreSQL (the Trakt tokens are stored there)')),
  ]);
  return { database, temporal, worker, plex, trakt };
}

import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { Agent } from 'undici';
import type { Config } from '../config';
import type { Logger } from '../log';
import { pmsTlsAgent } from '../providers/plex';
import { createPool } from '../store/db';
import { migrate } from '../store/migrate';
import type { ScrobbleWorkflowOptions } from '../workflows/scrobble-api';
import type { StashSceneSettings } from '../workflows/stash-api';
import type { LogRing } from './log-ring';
import { createPmsReader, pmsConnectionFromConfig } from './pms';
import { scrobbleWorkflowInput } from './scrobble-input';
import { createBridgeServer, type HttpTimeouts } from './server';
import { createScrobbleSignaller, type ScrobbleSignaller } from './signaller';
import { stashHookTarget } from './stash-target';
import { PmsWatcher } from './watcher';

export interface BridgeOptions {
  config: Config;
  log: Logger;
  logRing?: LogRing;
  /** Stamps `receivedAt` on events; tests pass the simulator's clock. */
  clock?: () => number;
  /** Workflow waits and limits for a workflow this bridge starts (tests shorten them). */
  workflowOptions?: Partial<ScrobbleWorkflowOptions>;
  /** Slow-client deadlines (tests shorten them). */
  timeouts?: Partial<HttpTimeouts>;
  /** Waits of the Stash scene workflows this bridge starts (tests shorten them). */
  stashSettings?: Partial<StashSceneSettings>;
}

/** The bridge's port is taken: says which port, which key sets it, and that another process holds it. */
export class BridgePortInUseError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(
      `the bridge needs ${host}:${port} (bridge.port / WATCHSYNC_BRIDGE_PORT), but another process is listening there: ` +
        'stop it (another watchsync bridge?) or choose another port',
    );
    this.name = 'BridgePortInUseError';
  }
}

export interface RunningBridge {
  app: FastifyInstance;
  /** http://host:port the bridge listens on. */
  url: string;
  watcher: PmsWatcher | undefined;
  /** The URL to add in Plex (Settings → Metadata Agents) when the metadata provider is on. */
  providerUrl?: string;
  /** The dashboard's address, when it is served. */
  dashboardUrl?: string;
  close(): Promise<void>;
}

function createWatcher(options: BridgeOptions, signaller: ScrobbleSignaller, dispatcher: Agent | undefined): PmsWatcher | undefined {
  const { config, log } = options;
  const watch = config.bridge.watch;
  if (!watch.enabled) return undefined;
  const pms = pmsConnectionFromConfig(config, dispatcher);
  if (!pms) {
    log.warn('bridge.watch is enabled but plex.pms_url or a Plex token is missing: not watching');
    return undefined;
  }
  return new PmsWatcher({
    pms,
    reader: createPmsReader(config, pms),
    signaller,
    log: log.child({ component: 'pms-watcher' }),
    backoff: { minMs: watch.reconnect_backoff_min_seconds * 1000, maxMs: watch.reconnect_backoff_max_seconds * 1000 },
    serverUuidPin: watch.server_uuid,
    serverName: `PMS at ${new URL(pms.url).host}`,
    maxFrameBytes: config.bridge.max_body_bytes,
    clock: options.clock ?? Date.now,
  });
}

function bridgeSources(config: Config): string {
  const sources = [config.bridge.webhook.enabled && 'Plex webhooks', config.bridge.watch.enabled && 'the PMS websocket'].filter(Boolean);
  return sources.length > 0 ? sources.join(' and ') : 'no event source enabled';
}

/** Starts the bridge: Temporal client (when scrobbling), websocket watcher (when watching) and HTTP server. */
export async function startBridge(options: BridgeOptions): Promise<RunningBridge> {
  const { config, log } = options;
  const stashHooks = config.stash.enabled && config.bridge.stash_hook_secret !== undefined;
  if (config.stash.enabled && !stashHooks) log.warn('stash.enabled without bridge.stash_hook_secret: POST /hooks/stash is off');
  const connection = config.scrobble.enabled || stashHooks ? await Connection.connect({ address: config.temporal.address }) : undefined;
  const client = connection && new Client({ connection, namespace: config.temporal.namespace });
  const signaller =
    client &&
    config.scrobble.enabled &&
    createScrobbleSignaller({
      client,
      taskQueue: config.temporal.task_queue,
      input: (serverUuid) => scrobbleWorkflowInput(config, serverUuid, options.workflowOptions),
      startedBy: `the watchsync bridge at ${config.bridge.host}:${config.bridge.port} (${bridgeSources(config)})`,
    });
  const dispatcher = pmsTlsAgent(config.plex.allow_self_signed_tls);
  const watcher = signaller ? createWatcher(options, signaller, dispatcher) : undefined;
  if (config.bridge.watch.enabled && !signaller) log.warn('bridge.watch is enabled but scrobble.enabled is not: not watching');
  // The metadata provider records gaps in PostgreSQL; migrating is idempotent and locked, so it may race the worker.
  const dashboardOn = config.bridge.dashboard.enabled;
  const db = config.plex_provider.enabled || dashboardOn ? createPool(config.database.url, 4) : undefined;
  if (db && config.plex_provider.enabled) await migrate(db);
  // The dashboard must come up (and say so) while Temporal is down: its connection is made at the first page.
  const dashboardConnection = dashboardOn && !connection ? Connection.lazy({ address: config.temporal.address }) : undefined;
  const dashboardClient =
    client ?? (dashboardConnection && new Client({ connection: dashboardConnection, namespace: config.temporal.namespace }));
  const app = await createBridgeServer({
    config,
    log,
    signaller: signaller || undefined,
    watcher,
    logRing: options.logRing,
    clock: options.clock,
    timeouts: options.timeouts,
    stashHooks: client && stashHooks ? stashHookTarget(client, config, options.stashSettings) : undefined,
    db,
    dashboard: db && dashboardClient ? { config, client: dashboardClient, db } : undefined,
  });
  try {
    await app.listen({ host: config.bridge.host, port: config.bridge.port });
  } catch (error) {
    // Nothing may outlive a bridge that did not start (an open Temporal channel would fail later, uncaught).
    await app.close();
    await connection?.close();
    await dashboardConnection?.close();
    await dispatcher?.close();
    await db?.end();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new BridgePortInUseError(config.bridge.host, config.bridge.port);
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.bridge.port;
  watcher?.start();
  const url = `http://${config.bridge.host}:${port}`;
  return {
    app,
    url,
    watcher,
    providerUrl: config.plex_provider.enabled
      ? `${config.plex_provider.public_url?.replace(/\/+$/, '') ?? url}${config.plex_provider.prefix}`
      : undefined,
    dashboardUrl: dashboardOn ? `${url}/ui` : undefined,
    async close() {
      await watcher?.stop();
      await app.close();
      await db?.end();
      await connection?.close();
      await dashboardConnection?.close();
      await dispatcher?.close();
    },
  };
}

import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { Agent } from 'undici';
import type { Config } from '../config';
import type { Logger } from '../log';
import { pmsTlsAgent } from '../providers/plex';
import type { ScrobbleWorkflowOptions } from '../workflows/scrobble-api';
import type { StashSceneSettings } from '../workflows/stash-api';
import type { LogRing } from './log-ring';
import { createPmsReader, pmsConnectionFromConfig } from './pms';
import { scrobbleWorkflowInput } from './scrobble-input';
import { createBridgeServer } from './server';
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
  /** Waits of the Stash scene workflows this bridge starts (tests shorten them). */
  stashSettings?: Partial<StashSceneSettings>;
}

export interface RunningBridge {
  app: FastifyInstance;
  /** http://host:port the bridge listens on. */
  url: string;
  watcher: PmsWatcher | undefined;
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
    maxFrameBytes: config.bridge.max_body_bytes,
    clock: options.clock ?? Date.now,
  });
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
    });
  const dispatcher = pmsTlsAgent(config.plex.allow_self_signed_tls);
  const watcher = signaller ? createWatcher(options, signaller, dispatcher) : undefined;
  if (config.bridge.watch.enabled && !signaller) log.warn('bridge.watch is enabled but scrobble.enabled is not: not watching');
  const app = await createBridgeServer({
    config,
    log,
    signaller: signaller || undefined,
    watcher,
    logRing: options.logRing,
    clock: options.clock,
    stashHooks: client && stashHooks ? stashHookTarget(client, config, options.stashSettings) : undefined,
  });
  await app.listen({ host: config.bridge.host, port: config.bridge.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.bridge.port;
  watcher?.start();
  return {
    app,
    url: `http://${config.bridge.host}:${port}`,
    watcher,
    async close() {
      await watcher?.stop();
      await app.close();
      await connection?.close();
      await dispatcher?.close();
    },
  };
}

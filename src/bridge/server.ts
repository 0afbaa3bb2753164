import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { Pool } from '../store/db';
import type { DashboardSources } from './dashboard/data';
import { registerDashboard } from './dashboard/routes';
import { InvalidInputError } from './events';
import type { LogRing } from './log-ring';
import { metadataProviderOptions, registerMetadataProvider } from './metadata-provider';
import { registerOpsRoutes } from './ops';
import { createServerGate, type ServerGate } from './server-gate';
import type { ScrobbleSignaller } from './signaller';
import { registerStashHookRoute, type StashHookTarget } from './stash-hook';
import type { PmsWatcher } from './watcher';
import { registerWebhookRoute } from './webhook';

/** How long a client may take to send its request headers, and its whole request (body included). */
export interface HttpTimeouts {
  headersMs: number;
  requestMs: number;
}

/** Plex sends a webhook in well under a second; a client this slow is holding a connection open, not posting. */
export const defaultHttpTimeouts: HttpTimeouts = { headersMs: 10_000, requestMs: 30_000 };

export interface BridgeDeps {
  config: Config;
  log: Logger;
  /** Undefined when scrobbling is off. */
  signaller?: ScrobbleSignaller;
  watcher?: PmsWatcher;
  logRing?: LogRing;
  /** Undefined when the Stash push or its hook secret is not configured: POST /hooks/stash is then not served. */
  stashHooks?: StashHookTarget;
  /** Stamps `receivedAt` on events. */
  clock?: () => number;
  /** PostgreSQL, when a feature of the bridge records something (the metadata provider's gaps). */
  db?: Pool;
  /** Which servers' webhooks are signalled; by default from the config (server-gate.ts). */
  servers?: ServerGate;
  timeouts?: Partial<HttpTimeouts>;
  /** What the dashboard under /ui reads and changes; not served without (or with bridge.dashboard.enabled false). */
  dashboard?: DashboardSources;
}

/** A 4xx with its reason for bad input; anything else is a 500 without details (they are in the log). */
function answerError(log: Logger) {
  return (error: FastifyError | InvalidInputError, _req: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof InvalidInputError) return reply.code(error.status).send({ error: error.message });
    const status = error.statusCode ?? 500;
    // Past the body limit nothing more is read: the connection closes after the answer instead of draining the rest.
    if (status === 413) return reply.code(413).header('connection', 'close').send({ error: error.message });
    if (status >= 400 && status < 500) return reply.code(status).send({ error: error.message });
    log.error({ err: error }, 'bridge request failed');
    return reply.code(500).send({ error: 'internal error' });
  };
}

/** The bridge's HTTP side: Plex webhooks and the ops endpoints (health, watcher, logs). */
export async function createBridgeServer(deps: BridgeDeps): Promise<FastifyInstance> {
  const { config, log, signaller, watcher, logRing } = deps;
  const timeouts = { ...defaultHttpTimeouts, ...deps.timeouts };
  const app = Fastify({
    logger: false,
    bodyLimit: config.bridge.max_body_bytes,
    requestTimeout: timeouts.requestMs,
    // Node checks these deadlines on an interval (30 s by default): check often enough for the deadlines to mean it.
    http: { headersTimeout: timeouts.headersMs, connectionsCheckingInterval: Math.min(1_000, timeouts.headersMs) },
  });
  app.setErrorHandler(answerError(log));
  // The path only: the query string may carry the webhook secret (`?token=`).
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: `no route ${req.method} ${req.url.split('?')[0]}` }));
  registerOpsRoutes(app, {
    watcher,
    logRing,
    adminToken: config.bridge.admin_token,
    features: { watch: config.bridge.watch.enabled, webhook: config.bridge.webhook.enabled, scrobble: config.scrobble.enabled },
  });
  if (config.bridge.webhook.enabled && config.bridge.webhook_secret) {
    await registerWebhookRoute(app, {
      secret: config.bridge.webhook_secret,
      maxBodyBytes: config.bridge.max_body_bytes,
      signaller,
      servers: deps.servers ?? createServerGate(config, log),
      clock: deps.clock ?? Date.now,
      log,
    });
  }
  if (deps.stashHooks && config.bridge.stash_hook_secret) {
    registerStashHookRoute(app, { secret: config.bridge.stash_hook_secret, target: deps.stashHooks, log });
  }
  if (deps.dashboard && config.bridge.dashboard.enabled)
    await registerDashboard(app, { sources: deps.dashboard, adminToken: config.bridge.admin_token, log });
  const provider = metadataProviderOptions(config, log, deps.db);
  if (provider) await registerMetadataProvider(app, provider);
  return app;
}

import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Config } from '../config';
import type { Logger } from '../log';
import { InvalidInputError } from './events';
import type { LogRing } from './log-ring';
import { registerOpsRoutes } from './ops';
import type { ScrobbleSignaller } from './signaller';
import { registerStashHookRoute, type StashHookTarget } from './stash-hook';
import type { PmsWatcher } from './watcher';
import { registerWebhookRoute } from './webhook';

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
}

/** A 4xx with its reason for bad input; anything else is a 500 without details (they are in the log). */
function answerError(log: Logger) {
  return (error: FastifyError | InvalidInputError, _req: unknown, reply: { code(n: number): { send(body: unknown): unknown } }) => {
    if (error instanceof InvalidInputError) return reply.code(error.status).send({ error: error.message });
    // @fastify/multipart answers a payload part declared JSON that is not JSON with 406; it is bad input.
    if (error.code === 'FST_INVALID_JSON_FIELD_ERROR') return reply.code(400).send({ error: 'payload is not valid JSON' });
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return reply.code(status).send({ error: error.message });
    log.error({ err: error }, 'bridge request failed');
    return reply.code(500).send({ error: 'internal error' });
  };
}

/** The bridge's HTTP side: Plex webhooks and the ops endpoints (health, watcher, logs). */
export async function createBridgeServer(deps: BridgeDeps): Promise<FastifyInstance> {
  const { config, log, signaller, watcher, logRing } = deps;
  const app = Fastify({ logger: false, bodyLimit: config.bridge.max_body_bytes });
  app.setErrorHandler(answerError(log));
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
      serverUuid: config.scrobble.server_uuid,
      clock: deps.clock ?? Date.now,
      log,
    });
  }
  if (deps.stashHooks && config.bridge.stash_hook_secret) {
    registerStashHookRoute(app, { secret: config.bridge.stash_hook_secret, target: deps.stashHooks, log });
  }
  return app;
}

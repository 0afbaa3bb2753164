import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from '../config';
import type { Logger } from '../log';

export interface BridgeDeps {
  config: Config;
  log: Logger;
}

/** The bridge's HTTP side: health now; Plex webhooks, the Stash hook and ops endpoints join it. */
export function createBridgeServer(_deps: BridgeDeps): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get('/health', async () => ({ status: 'ok' }));
  return app;
}

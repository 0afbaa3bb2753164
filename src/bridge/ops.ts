import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LogRing } from './log-ring';
import { secretMatches } from './secret';
import type { PmsWatcher } from './watcher';

export interface OpsRouteOptions {
  watcher: PmsWatcher | undefined;
  logRing: LogRing | undefined;
  /** Mutations are refused (403) until one is configured. */
  adminToken: string | undefined;
  features: { watch: boolean; webhook: boolean; scrobble: boolean };
}

/** Health, the websocket watcher's status and controls, and the bridge's recent log lines. */
export function registerOpsRoutes(app: FastifyInstance, options: OpsRouteOptions): void {
  const { watcher, logRing, adminToken, features } = options;

  const requireAdmin = async (req: FastifyRequest, reply: FastifyReply) => {
    if (adminToken === undefined) return reply.code(403).send({ error: 'set bridge.admin_token to enable ops mutations' });
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!secretMatches(bearer, adminToken)) return reply.code(401).send({ error: 'missing or wrong admin token' });
  };
  const requireWatcher = async (_req: FastifyRequest, reply: FastifyReply) => {
    if (!watcher)
      return reply.code(409).send({ error: 'websocket watching is not enabled (bridge.watch.enabled, scrobble.enabled, plex.pms_url)' });
  };

  app.get('/health', async () => ({ status: 'ok', features, watcher: watcher?.status().state ?? 'disabled' }));
  app.get('/ops/watcher', { preHandler: requireWatcher }, async () => watcher?.status());
  app.post('/ops/watcher/start', { preHandler: [requireAdmin, requireWatcher] }, async () => {
    watcher?.start();
    return watcher?.status();
  });
  app.post('/ops/watcher/stop', { preHandler: [requireAdmin, requireWatcher] }, async () => {
    await watcher?.stop();
    return watcher?.status();
  });
  app.get('/ops/logs', async (req) => {
    const limit = Number((req.query as { limit?: string }).limit ?? 100);
    return { lines: logRing?.recent(Number.isInteger(limit) && limit > 0 ? Math.min(limit, 1000) : 100) ?? [] };
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LogRing } from './log-ring';
import { secretMatches } from './secret';
import type { PmsWatcher } from './watcher';

export interface OpsRouteOptions {
  watcher: PmsWatcher | undefined;
  logRing: LogRing | undefined;
  /** Mutations are refused (403) until one is configured; so is every ops read from another machine. */
  adminToken: string | undefined;
  features: { watch: boolean; webhook: boolean; scrobble: boolean };
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (a dual-stack listener reports 127.0.0.1 as ::ffff:127.0.0.1). */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return v4.startsWith('127.') || address === '::1';
}

/** The request carries `Authorization: Bearer <bridge.admin_token>` (never true while no token is configured). */
export function presentsAdminToken(req: FastifyRequest, adminToken: string | undefined): boolean {
  return adminToken !== undefined && secretMatches(/^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1], adminToken);
}

/**
 * Health, the websocket watcher's status and controls, and the bridge's recent log lines. The bridge may face the
 * network (Plex must reach its webhook route), but what it logs and watches is the operator's: from another
 * machine, reads need the admin token too, and /health says only that the bridge is up.
 */
export function registerOpsRoutes(app: FastifyInstance, options: OpsRouteOptions): void {
  const { watcher, logRing, adminToken, features } = options;

  const isAdmin = (req: FastifyRequest) => presentsAdminToken(req, adminToken);
  const refuse = (reply: FastifyReply, what: string) =>
    adminToken === undefined
      ? reply.code(403).send({ error: `set bridge.admin_token to enable ${what}` })
      : reply.code(401).send({ error: 'missing or wrong admin token (Authorization: Bearer <bridge.admin_token>)' });
  const requireAdmin = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!isAdmin(req)) return refuse(reply, 'ops mutations');
  };
  const requireLocalOrAdmin = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!isLoopback(req.socket.remoteAddress) && !isAdmin(req)) return refuse(reply, 'ops endpoints from other machines');
  };
  const requireWatcher = async (_req: FastifyRequest, reply: FastifyReply) => {
    if (!watcher)
      return reply.code(409).send({ error: 'websocket watching is not enabled (bridge.watch.enabled, scrobble.enabled, plex.pms_url)' });
  };

  app.get('/health', async (req) => {
    if (!isLoopback(req.socket.remoteAddress) && !isAdmin(req)) return { status: 'ok' };
    return { status: 'ok', features, watcher: watcher?.status().state ?? 'disabled' };
  });
  app.get('/ops/watcher', { preHandler: [requireLocalOrAdmin, requireWatcher] }, async () => watcher?.status());
  app.post('/ops/watcher/start', { preHandler: [requireAdmin, requireWatcher] }, async () => {
    watcher?.start();
    return watcher?.status();
  });
  app.post('/ops/watcher/stop', { preHandler: [requireAdmin, requireWatcher] }, async () => {
    await watcher?.stop();
    return watcher?.status();
  });
  app.get('/ops/logs', { preHandler: requireLocalOrAdmin }, async (req) => {
    const limit = Number((req.query as { limit?: string }).limit ?? 100);
    return { lines: logRing?.recent(Number.isInteger(limit) && limit > 0 ? Math.min(limit, 1000) : 100) ?? [] };
  });
}

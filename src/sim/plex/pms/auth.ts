/**
 * PMS authentication: every route but /identity needs a token (`X-Plex-Token` header or query parameter).
 * The token decides whose watch state the answers show; a managed user's token sees only that user.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PlexHomeAccount, PlexLibrary } from '../library';
import { sendStatus } from './container';

const accounts = new WeakMap<FastifyRequest, PlexHomeAccount>();

export function tokenOf(req: FastifyRequest): string | undefined {
  const header = req.headers['x-plex-token'];
  if (typeof header === 'string' && header !== '') return header;
  const query = (req.query as Record<string, unknown> | undefined)?.['X-Plex-Token'];
  return typeof query === 'string' && query !== '' ? query : undefined;
}

/** The account a request was authenticated as (only valid inside authenticated routes). */
export function accountOf(req: FastifyRequest): PlexHomeAccount {
  const account = accounts.get(req);
  if (!account) throw new Error(`no authenticated account for ${req.url}`);
  return account;
}

/** Whether the request may see every account's data (the server owner) or only its own. */
export function isOwner(req: FastifyRequest): boolean {
  return accountOf(req).admin;
}

export function installAuth(app: FastifyInstance, library: PlexLibrary, publicRoutes: readonly string[]): void {
  app.addHook('preHandler', async (req, reply) => {
    const route = req.routeOptions.url ?? '';
    if (route.startsWith('/__admin') || publicRoutes.includes(route)) return;
    const token = tokenOf(req);
    const account = token === undefined ? undefined : library.accountByToken(token);
    if (!account) return sendStatus(reply, 401);
    accounts.set(req, account);
  });
}

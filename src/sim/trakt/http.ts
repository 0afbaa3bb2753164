import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TraktState, TraktUser } from './state';

/** What every route module receives. */
export interface SimContext {
  state: TraktState;
  clock: () => number;
  /** Largest `limit` a page may have; larger requests are clamped, not rejected. */
  maxPageSize: number;
  clientId: string;
  clientSecret: string;
}

const users = new WeakMap<FastifyRequest, TraktUser>();

export function bindUser(req: FastifyRequest, user: TraktUser): void {
  users.set(req, user);
}

/** The OAuth user of a request on a route the guard protects. */
export function userOf(req: FastifyRequest): TraktUser {
  const user = users.get(req);
  if (!user) throw new Error('trakt sim: route needs the auth guard');
  return user;
}

export function maybeUserOf(req: FastifyRequest): TraktUser | undefined {
  return users.get(req);
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Parses a Trakt timestamp; undefined when absent, NaN when present but not a date. */
export function parseTime(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? Date.parse(value) : Number.NaN;
}

export function query(req: FastifyRequest): Record<string, string | undefined> {
  return req.query as Record<string, string | undefined>;
}

export function params(req: FastifyRequest): Record<string, string | undefined> {
  return req.params as Record<string, string | undefined>;
}

/** Error bodies in the OAuth `{error, error_description}` form Trakt uses. */
export function sendError(reply: FastifyReply, status: number, error: string, description: string, headers: Record<string, string> = {}) {
  return reply.code(status).headers(headers).send({ error, error_description: description });
}

/**
 * Sends a list with Trakt's pagination rules. "Pagination" endpoints (history) always page, 100 a page by
 * default — what the API answers in 2026 (trakt/trakt-api#924), not the 10 of the old guide. "Pagination
 * optional" endpoints (watchlist, ratings, collection) return everything unless `page` or `limit` is sent.
 * `limit` is clamped to the endpoint maximum (250 since June 2026, trakt/trakt-api#925; configurable here).
 */
export function sendPage<T>(
  ctx: SimContext,
  req: FastifyRequest,
  reply: FastifyReply,
  items: readonly T[],
  render: (item: T, index: number) => unknown,
  mode: 'paginated' | 'optional',
) {
  const q = query(req);
  if (mode === 'optional' && q.page === undefined && q.limit === undefined) return reply.send(items.map(render));
  const limit = Math.min(ctx.maxPageSize, Math.max(1, Number.parseInt(q.limit ?? '100', 10) || 100));
  const page = Math.max(1, Number.parseInt(q.page ?? '1', 10) || 1);
  const start = (page - 1) * limit;
  reply.headers({
    'X-Pagination-Page': String(page),
    'X-Pagination-Limit': String(limit),
    'X-Pagination-Page-Count': String(Math.ceil(items.length / limit)),
    'X-Pagination-Item-Count': String(items.length),
  });
  return reply.send(items.slice(start, start + limit).map((item, i) => render(item, start + i)));
}

/**
 * Sets an ETag derived from the data's version and the request URL; answers 304 (and returns true) when the
 * client already holds it. O(1): the list is never hashed.
 */
export function notModified(req: FastifyRequest, reply: FastifyReply, user: TraktUser, version: number): boolean {
  const etag = `W/"${Buffer.from(`${user.username}|${version}|${req.url}`).toString('base64url')}"`;
  reply.header('ETag', etag);
  if (req.headers['if-none-match'] !== etag) return false;
  reply.code(304).send();
  return true;
}

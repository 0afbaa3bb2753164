import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bindUser, type SimContext, sendError } from './http';
import { type RateLimiter, userSubject } from './ratelimit';

/** Whether a route needs an OAuth user (sync, users, scrobble) or only reads it when sent (search). */
export type AuthMode = 'required' | 'optional';

function bearerOf(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? '';
}

/**
 * Trakt's request rules, in the order Trakt applies them: API key (403), API version, JSON content type on
 * writes (412), OAuth (401 for a bad, revoked or expired token), then the per-user rate limit (429).
 */
async function guard(ctx: SimContext, limiter: RateLimiter, auth: AuthMode, req: FastifyRequest, reply: FastifyReply) {
  if (req.headers['trakt-api-key'] !== ctx.clientId) return sendError(reply, 403, 'forbidden', 'Invalid API key or unapproved app.');
  if (req.headers['trakt-api-version'] !== '2') return sendError(reply, 400, 'bad_request', 'Send the header trakt-api-version: 2.');
  const writes = req.method === 'POST' || req.method === 'PUT';
  if (writes && !String(req.headers['content-type'] ?? '').startsWith('application/json')) {
    return sendError(reply, 412, 'precondition_failed', 'Use the application/json content type.');
  }
  const token = bearerOf(req);
  const username = token === undefined ? undefined : ctx.state.tokens.userOf(token);
  const user = username === undefined ? undefined : ctx.state.users.get(username);
  if ((token !== undefined || auth === 'required') && !user) {
    return sendError(reply, 401, 'invalid_token', 'The access token is invalid, expired or revoked.');
  }
  if (user) bindUser(req, user);
  const subject = user ? userSubject(user.username) : `app:${ctx.clientId}:${req.ip}`;
  const verdict = limiter.check(subject, user !== undefined, req.method, req.url);
  if (verdict) return reply.code(429).headers(verdict.headers).send({ error: 'rate_limit_exceeded', retry_after: verdict.retryAfterS });
}

/** Registers API routes in a scope guarded by Trakt's request rules. */
export function apiScope(
  app: FastifyInstance,
  ctx: SimContext,
  limiter: RateLimiter,
  auth: AuthMode,
  routes: (scope: FastifyInstance) => void,
): void {
  app.register(async (scope) => {
    scope.addHook('onRequest', (req, reply) => guard(ctx, limiter, auth, req, reply));
    routes(scope);
  });
}

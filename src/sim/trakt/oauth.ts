import type { FastifyInstance, FastifyReply } from 'fastify';
import { type SimContext, sendError } from './http';

type OAuthBody = Record<string, unknown>;

function bodyOf(raw: unknown): OAuthBody {
  return typeof raw === 'object' && raw !== null ? (raw as OAuthBody) : {};
}

function badClient(ctx: SimContext, body: OAuthBody, reply: FastifyReply, needsSecret: boolean) {
  const ok = body.client_id === ctx.clientId && (!needsSecret || body.client_secret === ctx.clientSecret);
  return ok ? undefined : sendError(reply, 401, 'invalid_client', 'Client authentication failed due to unknown client or wrong secret.');
}

/**
 * OAuth (auth.trakt.tv): the device flow, refresh with single-use rotating refresh tokens, and revocation.
 * Approving a device code is what a user does at trakt.tv/activate: here the admin API does it.
 */
export function registerOAuth(app: FastifyInstance, ctx: SimContext): void {
  const { devices, tokens } = ctx.state;

  app.post('/oauth/device/code', async (req, reply) => {
    const body = bodyOf(req.body);
    if (body.client_id !== ctx.clientId) return sendError(reply, 403, 'forbidden', 'Invalid API key or unapproved app.');
    const code = devices.create();
    return reply.send({
      device_code: code.deviceCode,
      user_code: code.userCode,
      verification_url: 'https://trakt.tv/activate',
      expires_in: Math.round((code.expiresAt - ctx.clock()) / 1000),
      interval: code.intervalS,
    });
  });

  // Polling answers: 400 pending, 404 unknown, 409 already used, 410 expired, 418 denied, 429 polled too fast.
  app.post('/oauth/device/token', async (req, reply) => {
    const body = bodyOf(req.body);
    const rejected = badClient(ctx, body, reply, true);
    if (rejected) return rejected;
    const code = typeof body.code === 'string' ? devices.get(body.code) : undefined;
    if (!code) return sendError(reply, 404, 'not_found', 'Invalid device_code.');
    if (code.state === 'used') return sendError(reply, 409, 'already_used', 'The user already approved this code.');
    if (code.state === 'denied') return sendError(reply, 418, 'denied', 'The user explicitly denied this code.');
    const now = ctx.clock();
    if (now >= code.expiresAt) return sendError(reply, 410, 'expired', 'The tokens have expired, restart the process.');
    const tooSoon = code.lastPolledAt !== undefined && now - code.lastPolledAt < code.intervalS * 1000;
    code.lastPolledAt = now;
    if (tooSoon) return sendError(reply, 429, 'slow_down', 'Your app is polling too quickly.');
    if (code.state === 'pending' || code.username === undefined)
      return sendError(reply, 400, 'authorization_pending', 'Waiting for the user to authorize your app.');
    code.state = 'used';
    return reply.send(tokens.issue(code.username));
  });

  app.post('/oauth/token', async (req, reply) => {
    const body = bodyOf(req.body);
    const rejected = badClient(ctx, body, reply, true);
    if (rejected) return rejected;
    if (body.grant_type !== 'refresh_token')
      return sendError(reply, 400, 'unsupported_grant_type', 'The simulator supports the refresh_token grant only.');
    const issued = typeof body.refresh_token === 'string' ? tokens.refresh(body.refresh_token) : undefined;
    if (!issued) {
      return sendError(
        reply,
        400,
        'invalid_grant',
        'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
      );
    }
    return reply.send(issued);
  });

  app.post('/oauth/revoke', async (req, reply) => {
    const body = bodyOf(req.body);
    const rejected = badClient(ctx, body, reply, true);
    if (rejected) return rejected;
    if (typeof body.token === 'string') tokens.revoke(body.token);
    return reply.send({});
  });
}

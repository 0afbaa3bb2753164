import type { FastifyReply, FastifyRequest } from 'fastify';
import { isLoopback, presentsAdminToken } from '../ops';

export const sessionCookie = 'watchsync_admin';
const sessionMs = 12 * 3600_000;

/**
 * Who may do what on the dashboard. Reading: loopback, or the admin token from elsewhere (like the ops API).
 * Changing anything: the admin token always, also on loopback, as a Bearer header or as the login cookie. The
 * cookie holds no secret: "admin:<expiry>" signed (HMAC, @fastify/cookie) with the admin token, HttpOnly and
 * SameSite=Strict, so another site can neither read it nor make the browser send it with a forged form.
 */
export function dashboardAuth(adminToken: string | undefined, clock: () => number = Date.now) {
  const hasSession = (req: FastifyRequest): boolean => {
    const raw = req.cookies[sessionCookie];
    if (adminToken === undefined || raw === undefined) return false;
    const { valid, value } = req.unsignCookie(raw);
    const expiry = valid ? /^admin:(\d+)$/.exec(value ?? '')?.[1] : undefined;
    return expiry !== undefined && Number(expiry) > clock();
  };
  const isAdmin = (req: FastifyRequest) => presentsAdminToken(req, adminToken) || hasSession(req);
  return {
    loginPossible: adminToken !== undefined,
    isAdmin,
    canRead: (req: FastifyRequest) => isLoopback(req.socket.remoteAddress) || isAdmin(req),
    startSession(req: FastifyRequest, reply: FastifyReply): void {
      reply.setCookie(sessionCookie, `admin:${clock() + sessionMs}`, {
        signed: true,
        httpOnly: true,
        sameSite: 'strict',
        secure: req.protocol === 'https',
        path: '/ui',
        maxAge: sessionMs / 1000,
      });
    },
    endSession(reply: FastifyReply): void {
      reply.clearCookie(sessionCookie, { path: '/ui' });
    },
  };
}

export type DashboardAuth = ReturnType<typeof dashboardAuth>;

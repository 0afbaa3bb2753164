import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { FaultBoard } from '../faults';
import type { TraktSimControl } from './control';
import { params, query, type SimContext } from './http';

const time = z.union([z.number(), z.string()]).optional();
const userSchema = z.object({
  username: z.string().min(1).optional(),
  vip: z.boolean().optional(),
  watchlistLimit: z.number().int().nonnegative().optional(),
  removeWatchedFromWatchlist: z.boolean().optional(),
  private: z.boolean().optional(),
});
const seedSchema = z.object({
  history: z.array(z.object({ key: z.string(), watchedAt: time })).optional(),
  ratings: z.array(z.object({ key: z.string(), rating: z.number().int().min(1).max(10), ratedAt: time })).optional(),
  watchlist: z.array(z.object({ key: z.string(), listedAt: time })).optional(),
});
const faultSchema = z.object({
  route: z.string().default('*'),
  latencyMs: z.number().nonnegative().optional(),
  errorRate: z.number().min(0).max(1).optional(),
  status: z.number().int().optional(),
  outageForMs: z.number().nonnegative().optional(),
  refuse: z.boolean().optional(),
  failNext: z.number().int().nonnegative().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  rateLimitStormRetryAfterS: z.number().int().positive().optional(),
});

function parseOr400<T>(schema: z.ZodType<T>, body: unknown, reply: FastifyReply): T | undefined {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  reply.code(400).send({ error: z.prettifyError(parsed.error) });
  return undefined;
}

/** Tries an operation that names a user or catalog entry; unknown names answer 404. */
function orNotFound(reply: FastifyReply, run: () => unknown) {
  try {
    return reply.send(run() ?? { ok: true });
  } catch (error) {
    return reply.code(404).send({ error: (error as Error).message });
  }
}

/**
 * The loopback admin API (no auth): a test or benchmark driving the simulator from another process.
 * FaultBoard skips routes under /__admin, so faults never block the admin API itself.
 */
export function registerAdmin(app: FastifyInstance, ctx: SimContext, control: TraktSimControl, faults: FaultBoard): void {
  app.post('/__admin/reset', async (_req, reply) => orNotFound(reply, () => control.reset()));

  app.post('/__admin/users', async (req, reply) => {
    const options = parseOr400(userSchema, req.body, reply);
    if (!options) return reply;
    const { user, tokens } = control.createUser(options);
    return reply.code(201).send({ username: user.username, ...tokens });
  });

  app.post('/__admin/users/:username/tokens', async (req, reply) =>
    orNotFound(reply, () => control.issueTokens(params(req).username ?? '')),
  );
  app.post('/__admin/users/:username/expire-tokens', async (req, reply) =>
    orNotFound(reply, () => control.expireTokens(params(req).username ?? '')),
  );
  app.get('/__admin/users/:username/truth', async (req, reply) => orNotFound(reply, () => control.truth(params(req).username ?? '')));

  app.post('/__admin/users/:username/seed', async (req, reply) => {
    const seed = parseOr400(seedSchema, req.body, reply);
    if (!seed) return reply;
    const username = params(req).username ?? '';
    return orNotFound(reply, () => {
      control.seedHistory(username, seed.history ?? []);
      control.seedRatings(username, seed.ratings ?? []);
      control.seedWatchlist(username, seed.watchlist ?? []);
    });
  });

  app.post('/__admin/learn/:key', async (req, reply) => {
    const learned = control.learn(params(req).key ?? '');
    return reply.code(learned ? 200 : 404).send({ learned });
  });

  app.post('/__admin/device/:code/approve', async (req, reply) => {
    const username = query(req).username ?? 'user1';
    const approved = control.approveDevice(params(req).code ?? '', username);
    return reply.code(approved ? 200 : 404).send({ approved, username });
  });

  app.post('/__admin/device/:code/deny', async (req, reply) => {
    const denied = control.denyDevice(params(req).code ?? '');
    return reply.code(denied ? 200 : 404).send({ denied });
  });

  app.get('/__admin/counters', async (_req, reply) => {
    const limiter = control.rateLimiter;
    const subjects = [...ctx.state.users.keys()].map((name) => `user:${name}`);
    return reply.send({
      ...faults.snapshot(),
      rateLimits: {
        enabled: limiter.enabled,
        rejections: limiter.rejections,
        acceptedWrites: Object.fromEntries(subjects.map((s) => [s, limiter.acceptedWrites(s)])),
        maxAcceptedWritesPerSecond: Object.fromEntries(subjects.map((s) => [s, limiter.maxAcceptedWritesIn(s)])),
      },
    });
  });

  app.post('/__admin/counters/reset', async (_req, reply) => {
    faults.resetCounts();
    return reply.send({ ok: true });
  });

  app.put('/__admin/faults', async (req, reply) => {
    const spec = parseOr400(faultSchema, req.body, reply);
    if (!spec) return reply;
    const { route, ...rule } = spec;
    control.setFault(route, rule);
    return reply.send(faults.snapshot());
  });

  app.delete('/__admin/faults', async (req, reply) => {
    control.clearFaults(query(req).route);
    return reply.send(faults.snapshot());
  });

  app.put('/__admin/ratelimits', async (req, reply) => {
    const body = parseOr400(z.object({ enabled: z.boolean() }), req.body, reply);
    if (!body) return reply;
    control.rateLimiter.enabled = body.enabled;
    return reply.send(body);
  });
}

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { FaultBoard } from '../../faults';
import type { WatchlistStore } from './watchlists';

const faultRuleSchema = z
  .object({
    latencyMs: z.number().int().nonnegative(),
    errorRate: z.number().min(0).max(1),
    status: z.number().int().min(100).max(599),
    outageUntil: z.number(),
    refuse: z.boolean(),
    failNext: z.number().int().nonnegative(),
    headers: z.record(z.string(), z.string()),
  })
  .partial()
  .strict();

const setFaultSchema = z.object({ route: z.string().min(1), rule: faultRuleSchema }).strict();
const replaceWatchlistSchema = z.object({ ratingKeys: z.array(z.string().regex(/^[0-9a-f]{24}$/)) }).strict();

/** Ground truth and fault control for tests and demos; not part of the real service. */
export function registerDiscoverAdmin(app: FastifyInstance, watchlists: WatchlistStore, faults: FaultBoard): void {
  app.get('/__admin/watchlists', async () => watchlists.snapshot());

  app.put<{ Params: { token: string } }>('/__admin/watchlists/:token', async (req, reply) => {
    const body = replaceWatchlistSchema.safeParse(req.body);
    if (!body.success) return reply.code(400).send({ error: z.prettifyError(body.error) });
    watchlists.replace(req.params.token, body.data.ratingKeys);
    return { token: req.params.token, watchlist: watchlists.list(req.params.token) };
  });

  app.post('/__admin/reset', async () => {
    watchlists.reset();
    faults.clear();
    faults.resetCounts();
    return { ok: true };
  });

  app.get('/__admin/counters', async () => faults.snapshot());

  app.put('/__admin/faults', async (req, reply) => {
    const body = setFaultSchema.safeParse(req.body);
    if (!body.success) return reply.code(400).send({ error: z.prettifyError(body.error) });
    faults.set(body.data.route, body.data.rule);
    return faults.snapshot();
  });

  app.delete<{ Querystring: { route?: string } }>('/__admin/faults', async (req) => {
    faults.clear(req.query.route);
    return faults.snapshot();
  });
}

/**
 * The simulated player over HTTP (`/__admin/player/…` on the PMS), so a person can play, pause and stop by hand
 * and watch live scrobbling in the demo; tests drive the same Player in-process.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Player } from './player';

const startBody = z
  .object({
    ratingKey: z.string().min(1),
    /** PMS account id; the owner (1) by default. */
    accountId: z.number().int().positive().default(1),
    playerUuid: z.string().min(1).optional(),
    viewOffsetMs: z.number().int().nonnegative().optional(),
  })
  .strict();
const seekBody = z.object({ offsetMs: z.number().int().nonnegative() }).strict();
const realtimeBody = z.object({ speed: z.number().positive().max(10_000).default(1) }).strict();
const advanceBody = z.object({ ms: z.number().int().positive() }).strict();

const actions = { pause: 'pause', resume: 'resume', stop: 'stop', buffer: 'buffer' } as const;

export function registerPlayerAdmin(app: FastifyInstance, player: Player): void {
  const parse = <S extends z.ZodType>(schema: S, body: unknown) => schema.safeParse(body ?? {});
  const invalid = (error: z.ZodError) => ({
    error: 'invalid body',
    issues: error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`),
  });

  app.get('/__admin/player', async () => ({ now: new Date(player.now()).toISOString(), sessions: player.sessions() }));

  app.post('/__admin/player/start', async (req, reply) => {
    const body = parse(startBody, req.body);
    if (!body.success) return reply.code(400).send(invalid(body.error));
    try {
      return { sessionKey: player.start(body.data) };
    } catch (error) {
      return reply.code(404).send({ error: error instanceof Error ? error.message : String(error) });
    }
  });

  app.post<{ Params: { sessionKey: string; action: string } }>('/__admin/player/:sessionKey/:action', async (req, reply) => {
    const { sessionKey, action } = req.params;
    if (!player.sessions().some((s) => s.sessionKey === sessionKey)) return reply.code(404).send({ error: `no session ${sessionKey}` });
    if (action === 'seek') {
      const body = parse(seekBody, req.body);
      if (!body.success) return reply.code(400).send(invalid(body.error));
      player.seek(sessionKey, body.data.offsetMs);
      return { ok: true };
    }
    if (!(action in actions))
      return reply.code(404).send({ error: `unknown action ${action}: ${[...Object.keys(actions), 'seek'].join(', ')}` });
    player[actions[action as keyof typeof actions]](sessionKey);
    return { ok: true };
  });

  /** Simulated time: real time × speed (a film in minutes at 60), or a jump forward. */
  app.post('/__admin/player/realtime', async (req, reply) => {
    const body = parse(realtimeBody, req.body);
    if (!body.success) return reply.code(400).send(invalid(body.error));
    player.startRealtime(body.data.speed);
    return { ok: true, speed: body.data.speed };
  });
  app.post('/__admin/player/advance', async (req, reply) => {
    const body = parse(advanceBody, req.body);
    if (!body.success) return reply.code(400).send(invalid(body.error));
    player.advance(body.data.ms);
    return { ok: true };
  });
}

/**
 * POST /hooks/stash: what the watchsync Stash plugin (integrations/stash) forwards. A scene hook signals that
 * scene's workflow (signalWithStart); a task ("sync-all", "reconcile") starts a reconciliation. Authenticated in
 * constant time by `bridge.stash_hook_secret`; bad input gets a 4xx with what was wrong and signals nothing; 202 only
 * once the signal is durable in Temporal, 503 when it could not be recorded (the plugin reports it in Stash's log).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Logger } from '../log';
import type { ReconcileScope, SceneChanged } from '../workflows/stash-api';
import { secretMatches } from './secret';

export const stashHookSecretHeader = 'x-watchsync-secret';

const sceneId = z.union([z.number().int().positive().max(Number.MAX_SAFE_INTEGER), z.string().regex(/^[1-9]\d{0,17}$/, 'a scene id')]);

/** `args.hookContext` of Stash's plugin input (pkg/plugin/common/msg.go HookContext). */
const hookBody = z
  .object({
    hookContext: z
      .object({
        id: sceneId,
        type: z.enum(['Scene.Update.Post', 'Scene.Create.Post', 'Scene.Destroy.Post']),
        input: z.unknown().optional(),
        inputFields: z.array(z.string().max(100)).max(200).optional(),
      })
      .strict(),
  })
  .strict();
const taskBody = z.object({ task: z.enum(['sync-all', 'reconcile']), scope: z.enum(['all', '24h', '7d']).optional() }).strict();
export const stashHookBody = z.union([hookBody, taskBody]);
export type StashHookBody = z.infer<typeof stashHookBody>;

/** Where the bridge hands hooks over; each resolves once Temporal has recorded the signal or start. */
export interface StashHookTarget {
  sceneChanged(sceneId: string, change: SceneChanged): Promise<void>;
  reconcile(input: { scope: ReconcileScope; force: boolean }): Promise<void>;
}

export interface StashHookOptions {
  secret: string;
  target: StashHookTarget;
  log: Logger;
}

function presentedSecret(req: FastifyRequest): string | undefined {
  const header = req.headers[stashHookSecretHeader];
  if (typeof header === 'string') return header;
  const auth = req.headers.authorization;
  return typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : undefined;
}

export function registerStashHookRoute(app: FastifyInstance, options: StashHookOptions): void {
  const { secret, target, log } = options;
  const authenticate = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!secretMatches(presentedSecret(req), secret)) return reply.code(401).send({ error: 'missing or wrong Stash hook secret' });
  };
  app.post('/hooks/stash', { onRequest: authenticate }, async (req, reply) => {
    if (!req.headers['content-type']?.startsWith('application/json')) return reply.code(415).send({ error: 'send application/json' });
    const parsed = stashHookBody.safeParse(req.body);
    if (!parsed.success) {
      const problems = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
      return reply.code(400).send({ error: 'not a Stash hook or task', problems });
    }
    const body = parsed.data;
    try {
      if ('hookContext' in body) {
        await target.sceneChanged(String(body.hookContext.id), { source: body.hookContext.type });
        return reply.code(202).send({ status: 'accepted', scene: String(body.hookContext.id) });
      }
      await target.reconcile({ scope: body.task === 'sync-all' ? 'all' : (body.scope ?? '7d'), force: body.task === 'sync-all' });
      return reply.code(202).send({ status: 'accepted', task: body.task });
    } catch (error) {
      log.error({ err: error }, 'could not signal the Stash push');
      return reply.code(503).send({ error: 'the hook could not be recorded; try again' });
    }
  });
}

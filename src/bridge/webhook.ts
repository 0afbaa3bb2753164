import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../log';
import { InvalidInputError, isIgnored, parseJsonText, playEventFromWebhook } from './events';
import { secretMatches } from './secret';
import type { ScrobbleSignaller } from './signaller';

export interface WebhookRouteOptions {
  secret: string;
  maxBodyBytes: number;
  /** Undefined when scrobbling is off: valid webhooks are then answered "ignored". */
  signaller: ScrobbleSignaller | undefined;
  /** Only events of this Plex server are signalled (others never start a workflow). */
  serverUuid: string | undefined;
  clock: () => number;
  log: Logger;
}

export const webhookSecretHeader = 'x-webhook-secret';

/** The secret as Plex presents it: `?token=` in the configured webhook URL, or a header from a proxy. */
function presentedSecret(req: FastifyRequest): string | undefined {
  const header = req.headers[webhookSecretHeader];
  if (typeof header === 'string') return header;
  const { token } = req.query as { token?: unknown };
  return typeof token === 'string' ? token : undefined;
}

/** The `payload` part (a field, or a file from other senders); the thumbnail and other parts are drained unread. */
async function readMultipartPayload(req: FastifyRequest): Promise<unknown> {
  let payload: { value: unknown } | undefined;
  for await (const part of req.parts()) {
    const isPayload = part.fieldname === 'payload';
    if (isPayload && payload) throw new InvalidInputError('more than one payload part', 400);
    if (part.type === 'file') {
      if (isPayload) payload = { value: parseJsonText((await part.toBuffer()).toString('utf8'), 'payload') };
      else part.file.resume();
    } else if (isPayload) {
      // @fastify/multipart already parsed a part declared application/json.
      payload = { value: typeof part.value === 'string' ? parseJsonText(part.value, 'payload') : part.value };
    }
  }
  if (!payload) throw new InvalidInputError('multipart body without a payload part', 400);
  return payload.value;
}

/**
 * POST /webhook/plex: Plex webhooks (multipart with a `payload` part, or raw JSON) to play events. Answered
 * 202 only once the signal is durable in the workflow's history; bad input gets a 4xx with the reason.
 */
export async function registerWebhookRoute(app: FastifyInstance, options: WebhookRouteOptions): Promise<void> {
  const { secret, maxBodyBytes, signaller, serverUuid, clock, log } = options;
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: { fieldSize: maxBodyBytes, fileSize: maxBodyBytes, files: 2, fields: 4, parts: 6, headerPairs: 100 },
    });
    const authenticate = async (req: FastifyRequest, reply: FastifyReply) => {
      if (!secretMatches(presentedSecret(req), secret)) return reply.code(401).send({ error: 'missing or wrong webhook secret' });
    };
    scope.post('/webhook/plex', { bodyLimit: maxBodyBytes, onRequest: authenticate }, async (req, reply) => {
      const raw = req.isMultipart() ? await readMultipartPayload(req) : req.body;
      const event = playEventFromWebhook(raw, clock());
      if (isIgnored(event)) return reply.code(202).send({ status: 'ignored', reason: event.ignored });
      if (!signaller) return reply.code(202).send({ status: 'ignored', reason: 'scrobbling is disabled' });
      if (serverUuid !== undefined && event.serverUuid !== serverUuid) {
        return reply.code(202).send({ status: 'ignored', reason: 'event of another Plex server' });
      }
      try {
        await signaller.deliver(event);
      } catch (error) {
        log.error({ err: error }, 'could not signal the scrobble workflow');
        return reply.code(503).send({ error: 'the event could not be recorded; try again' });
      }
      return reply.code(202).send({ status: 'accepted' });
    });
  });
}

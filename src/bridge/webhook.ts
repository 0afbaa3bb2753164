import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Response } from 'undici';
import type { Logger } from '../log';
import { InvalidInputError, isIgnored, parseJsonText, playEventFromWebhook } from './events';
import { secretMatches } from './secret';
import type { ServerGate } from './server-gate';
import type { ScrobbleSignaller } from './signaller';

export interface WebhookRouteOptions {
  secret: string;
  maxBodyBytes: number;
  /** Undefined when scrobbling is off: valid webhooks are then answered "ignored". */
  signaller: ScrobbleSignaller | undefined;
  /** Which Plex servers' events are signalled (others never start a workflow). */
  servers: ServerGate;
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

/**
 * The `payload` part (a field, or a file from other senders) of a multipart body; the thumbnail and other parts
 * are ignored. The body arrives whole, already held to the size limit by the content-type parser.
 */
async function multipartPayload(contentType: string, body: Buffer): Promise<unknown> {
  if (!/;\s*boundary=/i.test(contentType)) throw new InvalidInputError('multipart/form-data without a boundary', 400);
  let form: Awaited<ReturnType<Response['formData']>>;
  try {
    form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new InvalidInputError('malformed multipart/form-data body', 400);
  }
  const payloads = form.getAll('payload');
  if (payloads.length === 0) throw new InvalidInputError('multipart body without a payload part', 400);
  if (payloads.length > 1) throw new InvalidInputError('more than one payload part', 400);
  const payload = payloads[0]!;
  return parseJsonText(typeof payload === 'string' ? payload : await payload.text(), 'payload');
}

/**
 * POST /webhook/plex: Plex webhooks (multipart with a `payload` part, or raw JSON) to play events. Answered
 * 202 only once the signal is durable in the workflow's history; bad input gets a 4xx with the reason.
 */
export async function registerWebhookRoute(app: FastifyInstance, options: WebhookRouteOptions): Promise<void> {
  const { secret, maxBodyBytes, signaller, servers, clock, log } = options;
  await app.register(async (scope) => {
    // Read like any body, under the same limit: past it the answer is 413 at once, whatever the declared length.
    scope.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: maxBodyBytes }, (req: FastifyRequest, body: Buffer) =>
      multipartPayload(req.headers['content-type'] ?? '', body),
    );
    const authenticate = async (req: FastifyRequest, reply: FastifyReply) => {
      if (!secretMatches(presentedSecret(req), secret)) return reply.code(401).send({ error: 'missing or wrong webhook secret' });
    };
    scope.post('/webhook/plex', { bodyLimit: maxBodyBytes, onRequest: authenticate }, async (req, reply) => {
      const play = playEventFromWebhook(req.body, clock());
      if (isIgnored(play)) return reply.code(202).send({ status: 'ignored', reason: play.ignored });
      const { event, serverName } = play;
      if (!signaller) return reply.code(202).send({ status: 'ignored', reason: 'scrobbling is disabled' });
      const verdict = await servers.admit(event.serverUuid);
      if (!verdict.admitted) {
        if (verdict.status === 202) return reply.code(202).send({ status: 'ignored', reason: verdict.reason });
        return reply.code(verdict.status).send({ error: verdict.reason });
      }
      signaller.nameServer(event.serverUuid, serverName);
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

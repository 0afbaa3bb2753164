/**
 * Turns what Plex sends into the scrobble workflow's play events (fixtures MANIFEST facts 5 and 6), validated
 * by the provider's zod schemas and then by the domain's. Nothing here knows about transports or secrets.
 */
import type { z } from 'zod';
import { type PlayEvent, playEventSchema, webhookPlaybackState, webhookSessionKey } from '../domain/scrobble';
import { webhookPayloadSchema, websocketFrameSchema } from '../providers/plex/schemas';

/** Why input was refused, for a 4xx answer or a rejected-frame count. */
export class InvalidInputError extends Error {
  constructor(
    message: string,
    /** 400: not JSON or not the expected envelope; 422: JSON of the wrong shape (types, unknown event). */
    readonly status: 400 | 422 = 422,
  ) {
    super(message);
    this.name = 'InvalidInputError';
  }
}

/** Valid input that carries no playback (a rating, a library event, a frame of another type). */
export interface Ignored {
  ignored: string;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new InvalidInputError(`${what}: ${describeIssues(result.error)}`);
  return result.data;
}

/** JSON text to a value; InvalidInputError naming the problem when it is not JSON. */
export function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(`${what} is not valid JSON: ${(error as Error).message}`, 400);
  }
}

/** A webhook's play event, with the name its server goes by (`Server.title`, for the Temporal UI). */
export interface WebhookPlay {
  event: PlayEvent;
  serverName: string;
}

/** A webhook payload (the JSON of the multipart `payload` field, or a raw JSON body). */
export function playEventFromWebhook(raw: unknown, receivedAt: number): WebhookPlay | Ignored {
  const payload = parseWith(webhookPayloadSchema, raw, 'webhook payload');
  const state = webhookPlaybackState(payload.event);
  if (state === undefined) return { ignored: `${payload.event} is not a playback event` };
  if (!payload.Player || !payload.Metadata) throw new InvalidInputError(`${payload.event} without Player or Metadata`);
  const event = parseWith(
    playEventSchema,
    {
      kind: 'play',
      serverUuid: payload.Server.uuid,
      sessionKey: webhookSessionKey(payload.Player.uuid),
      ratingKey: payload.Metadata.ratingKey,
      state,
      viewOffsetMs: payload.Metadata.viewOffset,
      receivedAt,
      source: 'webhook',
      user: payload.Account.title,
    },
    'webhook event',
  );
  return { event, serverName: payload.Server.title };
}

/** A PMS websocket frame: the play events of a `playing` frame; other frame types are ignored. */
export function playEventsFromFrame(text: string, serverUuid: string, receivedAt: number): PlayEvent[] | Ignored {
  const frame = parseWith(websocketFrameSchema, parseJsonText(text, 'frame'), 'frame');
  const container = frame.NotificationContainer;
  if (container.type !== 'playing') return { ignored: `${container.type} frame` };
  const notifications = container.PlaySessionStateNotification;
  if (!notifications || notifications.length === 0) throw new InvalidInputError('playing frame without PlaySessionStateNotification');
  return notifications.map((n) =>
    parseWith(
      playEventSchema,
      {
        kind: 'play',
        serverUuid,
        sessionKey: n.sessionKey,
        ratingKey: n.ratingKey,
        state: n.state,
        viewOffsetMs: n.viewOffset,
        receivedAt,
        source: 'websocket',
      },
      'playing notification',
    ),
  );
}

export function isIgnored(value: object): value is Ignored {
  return 'ignored' in value;
}

/**
 * The one event shape the scrobble workflow consumes. The bridge converts PMS websocket
 * `PlaySessionStateNotification`s and Plex webhooks into `play` events; the workflow itself feeds back
 * enrichment results and timer ticks; the bridge sends a `sessions-snapshot` after a websocket reconnect.
 */
import { z } from 'zod';
import { minimalItemSchema } from '../items';

export const playbackStates = ['playing', 'paused', 'stopped', 'buffering'] as const;
export const playbackStateSchema = z.enum(playbackStates);
export type PlaybackState = z.infer<typeof playbackStateSchema>;

export const eventSourceSchema = z.enum(['websocket', 'webhook']);
export type EventSource = z.infer<typeof eventSourceSchema>;

/** Trakt scrobbles only movies and episodes. */
export const scrobbleItemSchema = minimalItemSchema.extend({ type: z.enum(['movie', 'episode']) });
export type ScrobbleItem = z.infer<typeof scrobbleItemSchema>;

/**
 * Every event is a signal in the workflow's history and may become an activity input, so its strings and lists
 * are bounded (the bridge refuses Plex payloads past its own, tighter limits before anything is signalled).
 */
export const scrobbleEventLimits = { key: 512, user: 1_000, sessions: 1_000 } as const;
const keySchema = z.string().trim().min(1).max(scrobbleEventLimits.key);
/** Blank user names (Plex omits or empties them) mean "unknown", never a name. */
const userSchema = z
  .string()
  .trim()
  .max(scrobbleEventLimits.user)
  .transform((name) => name || undefined)
  .optional();

export const playEventSchema = z
  .object({
    kind: z.literal('play'),
    /** PMS machineIdentifier (webhook `Server.uuid`). */
    serverUuid: keySchema,
    /** PMS sessionKey, or `webhookSessionKey(Player.uuid)` for webhooks. */
    sessionKey: keySchema,
    ratingKey: keySchema,
    state: playbackStateSchema,
    /** Undefined when the source does not say (webhook stop/scrobble): the reducer extrapolates. */
    viewOffsetMs: z.number().finite().nonnegative().optional(),
    /** Epoch ms when the bridge received it; playback arithmetic runs on these, so replays keep their spacing. */
    receivedAt: z.number().int().nonnegative(),
    source: eventSourceSchema,
    /** Known for webhooks (Account.title); websocket sessions learn it from enrichment. */
    user: userSchema,
  })
  .strict();
export type PlayEvent = z.infer<typeof playEventSchema>;

/** What the enrichment activity learnt from `/library/metadata/{ratingKey}` and `/status/sessions`. */
export const enrichedEventSchema = z
  .object({
    kind: z.literal('enriched'),
    sessionKey: keySchema,
    ratingKey: keySchema,
    item: scrobbleItemSchema,
    durationMs: z.number().finite().positive(),
    user: userSchema,
  })
  .strict();
export type EnrichedEvent = z.infer<typeof enrichedEventSchema>;

/** The item cannot be scrobbled (no external ids, not a movie or episode, gone from the library). */
export const enrichFailedEventSchema = z
  .object({ kind: z.literal('enrich-failed'), sessionKey: keySchema, ratingKey: keySchema, reason: z.string() })
  .strict();
export type EnrichFailedEvent = z.infer<typeof enrichFailedEventSchema>;

/** Sent by the workflow's timer at `nextTickAt`; closes silent sessions. */
export const tickEventSchema = z.object({ kind: z.literal('tick') }).strict();
export type TickEvent = z.infer<typeof tickEventSchema>;

/** `/status/sessions` as read after a websocket reconnect. */
export const sessionsSnapshotEventSchema = z
  .object({
    kind: z.literal('sessions-snapshot'),
    serverUuid: keySchema,
    sessions: z.array(z.object({ sessionKey: keySchema, ratingKey: keySchema }).strict()).max(scrobbleEventLimits.sessions),
  })
  .strict();
export type SessionsSnapshotEvent = z.infer<typeof sessionsSnapshotEventSchema>;

export const scrobbleEventSchema = z.discriminatedUnion('kind', [
  playEventSchema,
  enrichedEventSchema,
  enrichFailedEventSchema,
  tickEventSchema,
  sessionsSnapshotEventSchema,
]);
export type ScrobbleEvent = z.infer<typeof scrobbleEventSchema>;

/** Validates and normalises (trimmed keys, blank user = unknown) a raw event; throws a ZodError naming the field. */
export function parseScrobbleEvent(raw: unknown): ScrobbleEvent {
  return scrobbleEventSchema.parse(raw);
}

import { type EnrichedEvent, type EnrichFailedEvent, scrobbleItemSchema } from '../../domain/scrobble';
import type { PlexClient } from '../../providers/plex';
import { scrobbleMedia } from '../../providers/trakt/scrobble';

export interface EnrichInput {
  sessionKey: string;
  ratingKey: string;
  /** Websocket sessions carry no user: look the sessionKey up in `/status/sessions`. */
  lookUpUser: boolean;
}

/**
 * What the scrobble reducer needs to bind a session: the item from `/library/metadata/{ratingKey}` (ids,
 * duration, season/episode) and, for websocket sessions, the user from `/status/sessions`. An item Trakt could
 * never match is an `enrich-failed` answer, not an error; PMS failures are errors the engine retries.
 */
export async function enrichSession(plex: PlexClient, input: EnrichInput): Promise<EnrichedEvent | EnrichFailedEvent> {
  const { sessionKey, ratingKey } = input;
  const failed = (reason: string): EnrichFailedEvent => ({ kind: 'enrich-failed', sessionKey, ratingKey, reason });
  const [metadata, user] = await Promise.all([plex.metadata(ratingKey), input.lookUpUser ? sessionUser(plex, sessionKey) : undefined]);
  if (!metadata) return failed('not in the library, or not a video');
  const parsed = scrobbleItemSchema.safeParse(metadata.item);
  if (!parsed.success) return failed(`a ${metadata.type} is not scrobbled`);
  if (!metadata.durationMs) return failed('no duration');
  if (!isAddressable(parsed.data)) return failed('no ids Trakt can match');
  return { kind: 'enriched', sessionKey, ratingKey, item: parsed.data, durationMs: metadata.durationMs, ...(user ? { user } : {}) };
}

async function sessionUser(plex: PlexClient, sessionKey: string): Promise<string | undefined> {
  const sessions = await plex.sessions();
  return sessions.find((session) => session.sessionKey === sessionKey)?.user.title;
}

function isAddressable(item: Parameters<typeof scrobbleMedia>[0]): boolean {
  try {
    scrobbleMedia(item);
    return true;
  } catch {
    return false;
  }
}

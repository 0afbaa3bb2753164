/**
 * What live scrobbling needs from PMS: the current sessions (the websocket's frames carry only a
 * sessionKey) and one item described for Trakt.
 */
import type { MediaType, MinimalItem } from '../../domain/items';
import { type PlexContext, pmsHost } from './context';
import type { Hydrator } from './hydrate';
import { mediaTypeOf } from './normalize';
import type { PmsItemCache } from './pms-items';
import { pmsSessionsSchema } from './schemas';

export interface PlexSession {
  sessionKey: string;
  ratingKey: string;
  /** The PMS account playing (its accountID) and its title. */
  user: { id: number; title: string };
  player: { uuid: string; title?: string; state: 'playing' | 'paused' | 'buffering' };
  viewOffsetMs: number;
}

export interface PlexItemMetadata {
  ratingKey: string;
  item: MinimalItem;
  type: MediaType;
  durationMs: number | undefined;
  librarySectionId: number | undefined;
}

export async function readSessions(ctx: PlexContext): Promise<PlexSession[]> {
  const { data } = await ctx.transport.get(pmsHost(ctx), { path: '/status/sessions' }, pmsSessionsSchema);
  return (data.MediaContainer.Metadata ?? []).map((session) => ({
    sessionKey: session.sessionKey,
    ratingKey: session.ratingKey,
    user: { id: session.User.id, title: session.User.title },
    player: {
      uuid: session.Player.machineIdentifier,
      ...(session.Player.title ? { title: session.Player.title } : {}),
      state: session.Player.state,
    },
    viewOffsetMs: session.viewOffset ?? 0,
  }));
}

/** Undefined when PMS no longer has the item or it is not a video title. */
export async function readItemMetadata(
  pmsItems: PmsItemCache,
  hydrator: Hydrator,
  ratingKey: string,
): Promise<PlexItemMetadata | undefined> {
  const meta = await pmsItems.get(ratingKey);
  const type = meta && mediaTypeOf(meta.type);
  const item = meta && type && (await hydrator.toItem(meta));
  if (!meta || !type || !item) return undefined;
  return { ratingKey, item, type, durationMs: meta.duration, librarySectionId: meta.librarySectionID };
}

import type { LiveSession, PlayableItem, PlexAccount } from '../contracts';
import type { PlaybackState, PlaySessionStateNotification } from './frames';
import type { WebhookPlayer } from './webhookPayload';

/** A playback in progress, as the simulated PMS tracks it. */
export interface PlaySession {
  readonly sessionKey: string;
  readonly account: PlexAccount;
  readonly player: WebhookPlayer;
  item: PlayableItem;
  state: Exclude<PlaybackState, 'stopped'>;
  viewOffsetMs: number;
  playQueueItemID: number;
  /** Play time since the last frame, for the ~10 s progress frames. */
  sinceFrameMs: number;
  /** The current item crossed the watched threshold in this session. */
  scrobbled: boolean;
}

/** PMS marks an item watched once 90 % of it was played. */
export const watchedThreshold = 0.9;

export function watchedAtMs(item: PlayableItem): number {
  return Math.ceil(item.durationMs * watchedThreshold);
}

export function playSessionNotification(session: PlaySession, state: PlaybackState): PlaySessionStateNotification {
  return {
    sessionKey: session.sessionKey,
    clientIdentifier: session.player.uuid,
    guid: '',
    ratingKey: session.item.ratingKey,
    url: '',
    key: `/library/metadata/${session.item.ratingKey}`,
    viewOffset: session.viewOffsetMs,
    playQueueItemID: session.playQueueItemID,
    state,
  };
}

export function liveSession(session: PlaySession): LiveSession {
  return {
    sessionKey: session.sessionKey,
    ratingKey: session.item.ratingKey,
    accountId: session.account.id,
    state: session.state,
    viewOffsetMs: session.viewOffsetMs,
    playerUuid: session.player.uuid,
    playerTitle: session.player.title,
  };
}

/** How Plex webhooks map onto play events (fixtures MANIFEST fact 6). */
import type { PlaybackState } from './events';

/**
 * `media.scrobble` fires while playback goes on (Plex's own 90 % mark), so it is a `playing` report.
 * Other webhook events (media.rate, library.*, admin.*, device.new) are not playback: undefined.
 */
const webhookPlaybackStates: Readonly<Record<string, PlaybackState>> = {
  'media.play': 'playing',
  'media.resume': 'playing',
  'media.scrobble': 'playing',
  'media.pause': 'paused',
  'media.stop': 'stopped',
};

export function webhookPlaybackState(eventName: string): PlaybackState | undefined {
  return Object.hasOwn(webhookPlaybackStates, eventName) ? webhookPlaybackStates[eventName] : undefined;
}

/**
 * Webhooks carry no sessionKey. A player plays one item at a time, so the player is the session: a new
 * ratingKey on the same player is then autoplay (or a stray) exactly as on a websocket session. The
 * prefix keeps these keys apart from PMS sessionKeys, which are numeric strings.
 */
export function webhookSessionKey(playerUuid: string): string {
  return `webhook:${playerUuid}`;
}

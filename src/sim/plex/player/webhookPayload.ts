import type { PlexAccount } from '../contracts';
import type { WebhookMetadata } from './metadata';

export type WebhookEvent = 'media.play' | 'media.pause' | 'media.resume' | 'media.stop' | 'media.scrobble' | 'media.rate';

/** PMS attaches the poster to these events (Plex's webhook documentation). */
export const eventsWithThumb: ReadonlySet<WebhookEvent> = new Set(['media.play', 'media.rate']);

/** The server owner is PMS accountID 1; webhooks are configured on (and owned by) that account. */
const ownerAccountId = 1;

export interface WebhookPlayer {
  local: boolean;
  publicAddress: string;
  title: string;
  uuid: string;
}

export interface WebhookPayloadInput {
  event: WebhookEvent;
  account: PlexAccount;
  server: { title: string; uuid: string };
  player: WebhookPlayer;
  metadata: WebhookMetadata;
  /** media.rate only: 0–10, two per star. */
  rating?: number;
}

/**
 * The JSON of the `payload` part. Key order matters to strict consumers and follows captures: media.rate puts
 * `rating` first; `user` says whether the webhook's own account acted, `owner` whether it owns the server.
 */
export function webhookPayload(input: WebhookPayloadInput): Record<string, unknown> {
  return {
    ...(input.rating !== undefined ? { rating: input.rating } : {}),
    event: input.event,
    user: input.account.id === ownerAccountId,
    owner: true,
    Account: { id: input.account.id, thumb: `https://plex.tv/users/${input.account.uuid}/avatar?c=1600000000`, title: input.account.title },
    Server: input.server,
    Player: input.player,
    Metadata: input.metadata,
  };
}

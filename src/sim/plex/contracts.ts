/**
 * What the simulated PMS library/state offers the simulated player (and the other way round), so the two
 * halves of the Plex simulator can be built and tested separately.
 */

/** A Plex account as PMS knows it: accountID 1 is the server owner; managed users have their own ids. */
export interface PlexAccount {
  /** PMS accountID (the id in /accounts and history rows). */
  id: number;
  /** plex.tv user uuid (used by home user switching). */
  uuid: string;
  username: string;
  title: string;
  /** plex.tv token of this account (owner token or a managed user's switched token). */
  token: string;
  managed: boolean;
}

/** A playable library entry (movie or episode) as the player needs it. */
export interface PlayableItem {
  ratingKey: string;
  type: 'movie' | 'episode';
  title: string;
  durationMs: number;
  /** Episodes: next episode's ratingKey in Plex order, for autoplay. */
  nextRatingKey?: string;
  librarySectionID: number;
}

/** The PMS-side state the player reads and writes. */
export interface PmsLibraryState {
  readonly machineIdentifier: string;
  readonly accounts: readonly PlexAccount[];
  accountByToken(token: string): PlexAccount | undefined;
  playable(ratingKey: string): PlayableItem | undefined;
  /** A play reached the watched threshold (PMS marks at 90 %): viewCount+1, lastViewedAt, a history row. */
  markPlayed(accountId: number, ratingKey: string, viewedAtEpochS: number): void;
  /** Resume position as PMS stores it (ms). */
  setViewOffset(accountId: number, ratingKey: string, viewOffsetMs: number): void;
}

/** A live playback session as /status/sessions shows it. */
export interface LiveSession {
  sessionKey: string;
  ratingKey: string;
  accountId: number;
  state: 'playing' | 'paused' | 'buffering';
  viewOffsetMs: number;
  playerUuid: string;
  playerTitle: string;
}

/** What the player offers the PMS routes (/status/sessions). */
export interface LiveSessions {
  sessions(): readonly LiveSession[];
}

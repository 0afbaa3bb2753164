/** The Trakt provider: OAuth device login and refresh, normalised indexes, chunked writes, scrobbling. */
export type { TraktActivities } from './activities';
export { createTraktClient, type TraktClient, type TraktClientOptions } from './client';
export {
  classifyTraktError,
  TraktAccountLimitError,
  TraktAuthError,
  TraktDeviceLoginError,
  type TraktErrorClass,
  type TraktErrorKind,
  TraktInvalidRequestError,
  TraktPagingError,
  TraktRateLimitError,
} from './errors';
export type { HistoryQuery, HistoryType, RatingsType, WatchlistRead, WatchlistShadow } from './indexes';
export type { SearchIdType, SearchType, TraktSettings } from './lookups';
export type { TraktPlay } from './normalize';
export type { DeviceLogin, DevicePoll } from './oauth';
export { mergeRatings } from './ratings-merge';
export type { ScrobbleOutcome, ScrobbleVerb } from './scrobble';
export type { SyncBodyOptions } from './sync-body';
export { memoryTokenStore, type TraktTokenStore, type TraktTokens } from './tokens';
export type { AddHistoryOptions, TraktWriteResult, WriteOptions } from './writes';

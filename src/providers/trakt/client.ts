import type { Dispatcher } from 'undici';
import type { IsoUtc, MinimalItem, Play, Rating, WatchlistEntry } from '../../domain/items';
import type { TraktActivities } from './activities';
import { type HistoryQuery, type RatingsType, TraktIndexes, type WatchlistRead, type WatchlistShadow } from './indexes';
import { type SearchIdType, type SearchType, TraktLookups, type TraktSettings } from './lookups';
import type { TraktPlay } from './normalize';
import { type DeviceLogin, type DevicePoll, type OAuthOptions, pollDeviceLogin, refreshTokens, startDeviceLogin } from './oauth';
import { Pacer, traktWriteIntervalMs, type WriteTurn } from './pacer';
import { type ScrobbleOutcome, type ScrobbleVerb, scrobble } from './scrobble';
import { TraktSession } from './session';
import type { TraktTokenStore } from './tokens';
import { TraktTransport } from './transport';
import { type AddHistoryOptions, type TraktWriteResult, TraktWrites, type WriteOptions } from './writes';

export interface TraktClientOptions {
  /** https://api.trakt.tv (or the simulator). */
  apiUrl: string;
  /** https://api.trakt.tv or https://auth.trakt.tv: where /oauth/* lives. */
  authUrl: string;
  clientId: string;
  /** Needed for login and refresh only. */
  clientSecret?: string;
  /** The watchsync name of the Trakt account whose tokens `tokens` holds. */
  account: string;
  tokens: TraktTokenStore;
  /** Epoch ms; decides when a token is about to expire. */
  clock?: () => number;
  /** Refresh the access token when it expires within this long. Default one day. */
  refreshMarginMs?: number;
  /** `limit` asked of paginated lists; Trakt clamps it to the largest page it allows. Default 1000. */
  pageLimit?: number;
  /** Least time between sending two writes of this client (Trakt: 1 POST/s per user). Default 1050. */
  minWriteIntervalMs?: number;
  /** Spaces writes across processes (e.g. a PostgreSQL lock per account); replaces the in-process pacing. */
  writeTurn?: WriteTurn;
  userAgent?: string;
  dispatcher?: Dispatcher;
}

export interface TraktClient {
  readonly account: string;
  /** Device-code login (`watchsync auth trakt`): show `userCode` and `verificationUrl`, then poll. */
  startDeviceLogin(): Promise<DeviceLogin>;
  /** One poll; on success the tokens are saved for `account` and returned. Throws TraktDeviceLoginError when the login ended. */
  pollDeviceLogin(deviceCode: string): Promise<DevicePoll>;

  lastActivities(): Promise<TraktActivities>;
  watchlist(shadow?: WatchlistShadow): Promise<WatchlistRead>;
  ratings(types?: readonly RatingsType[]): Promise<Rating[]>;
  history(query?: HistoryQuery): Promise<TraktPlay[]>;
  historyFor(items: readonly MinimalItem[], startAt: IsoUtc, endAt: IsoUtc): Promise<TraktPlay[]>;
  settings(): Promise<TraktSettings>;
  search(idType: SearchIdType, id: string | number, type?: SearchType | readonly SearchType[]): Promise<MinimalItem[]>;

  addHistory(plays: readonly Play[], options?: AddHistoryOptions): Promise<TraktWriteResult<Play>>;
  removeHistory(plays: readonly TraktPlay[], options?: WriteOptions): Promise<TraktWriteResult<TraktPlay>>;
  upsertRatings(ratings: readonly Rating[], options?: WriteOptions): Promise<TraktWriteResult<Rating>>;
  removeRatings(items: readonly MinimalItem[], options?: WriteOptions): Promise<TraktWriteResult<MinimalItem>>;
  addWatchlist(entries: readonly WatchlistEntry[], options?: WriteOptions): Promise<TraktWriteResult<WatchlistEntry>>;
  removeWatchlist(items: readonly MinimalItem[], options?: WriteOptions): Promise<TraktWriteResult<MinimalItem>>;

  scrobble(verb: ScrobbleVerb, item: MinimalItem, progress: number): Promise<ScrobbleOutcome>;
}

const oneDayMs = 24 * 3600 * 1000;

/** A Trakt client for one account. No Temporal here: retries belong to the activities that call it. */
export function createTraktClient(options: TraktClientOptions): TraktClient {
  const { account, tokens: store } = options;
  const clock = options.clock ?? Date.now;
  const oauth: OAuthOptions = {
    authUrl: options.authUrl,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    dispatcher: options.dispatcher,
    userAgent: options.userAgent ?? 'watchsync',
  };
  const pacer = new Pacer(options.minWriteIntervalMs ?? traktWriteIntervalMs);
  const session = new TraktSession({
    account,
    store,
    clock,
    refreshMarginMs: options.refreshMarginMs ?? oneDayMs,
    redeem: (refreshToken) => refreshTokens(oauth, refreshToken),
  });
  const transport = new TraktTransport({
    apiUrl: options.apiUrl,
    clientId: options.clientId,
    account,
    session,
    clock,
    writeTurn: options.writeTurn ?? ((write, check) => pacer.run(write, check)),
    userAgent: oauth.userAgent,
    dispatcher: options.dispatcher,
  });
  const indexes = new TraktIndexes(transport, options.pageLimit ?? 1000);
  const lookups = new TraktLookups(transport);
  const writes = new TraktWrites(transport);

  return {
    account,
    startDeviceLogin: () => startDeviceLogin(oauth),
    pollDeviceLogin: async (deviceCode) => {
      const poll = await pollDeviceLogin(oauth, deviceCode);
      if (typeof poll !== 'string') await store.save(account, poll);
      return poll;
    },
    lastActivities: () => indexes.lastActivities(),
    watchlist: (shadow) => indexes.watchlist(shadow),
    ratings: (types) => indexes.ratings(types),
    history: (query) => indexes.history(query),
    historyFor: (items, startAt, endAt) => indexes.historyFor(items, startAt, endAt),
    settings: () => lookups.settings(),
    search: (idType, id, type) => lookups.search(idType, id, type),
    addHistory: (plays, opts) => writes.addHistory(plays, opts),
    removeHistory: (plays, opts) => writes.removeHistory(plays, opts),
    upsertRatings: (ratings, opts) => writes.upsertRatings(ratings, opts),
    removeRatings: (items, opts) => writes.removeRatings(items, opts),
    addWatchlist: (entries, opts) => writes.addWatchlist(entries, opts),
    removeWatchlist: (items, opts) => writes.removeWatchlist(items, opts),
    scrobble: (verb, item, progress) => scrobble(transport, verb, item, progress),
  };
}

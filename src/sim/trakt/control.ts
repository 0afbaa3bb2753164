import type { FaultBoard, FaultRule } from '../faults';
import { catalogKeyOf, isPlayable, type MediaRef, type PlayableRef } from './media';
import type { RateLimiter } from './ratelimit';
import type { ScrobbleRecord, TraktState, TraktUser, UserOptions } from './state';
import type { TokenResponse } from './tokens';
import { recordPlay } from './watched';

/** A time given to a seeding helper: epoch ms or an ISO string. */
export type SimTime = number | string;

/** A fault rule as the admin API takes it: outage windows relative to now, and a 429 storm shortcut. */
export interface FaultSpec extends Omit<FaultRule, 'outageUntil'> {
  /** Answer every request with `status` (or refuse the connection) for this long from now. */
  outageForMs?: number;
  /** Make the injected answers 429s with `Retry-After` (these seconds) and an `X-Ratelimit` header. */
  rateLimitStormRetryAfterS?: number;
}

/** What a user holds now, named by catalog keys ("m1", "s2", "s2#1", "e7"). History keeps every duplicate. */
export interface GroundTruth {
  history: { id: number; key: string; type: 'movie' | 'episode'; trakt: number; watched_at: string; action: string }[];
  ratings: { key: string; type: string; trakt: number; rating: number; rated_at: string }[];
  watchlist: { key: string; type: string; trakt: number; rank: number; listed_at: string }[];
  collection: { key: string; type: string; collected_at: string }[];
  playback: { key: string; progress: number; paused_at: string }[];
  scrobbles: ScrobbleRecord[];
}

function traktIdOf(ref: MediaRef): number {
  switch (ref.type) {
    case 'movie':
      return ref.movie.ids.trakt;
    case 'show':
      return ref.show.ids.trakt;
    case 'season':
      return ref.season.ids.trakt;
    case 'episode':
      return ref.episode.ids.trakt;
  }
}

/**
 * Everything tests, benchmarks and the admin API do to the simulator from outside the Trakt API:
 * users and tokens, device approval, seeding, ground truth, learning titles, fault rules.
 */
export class TraktSimControl {
  constructor(
    private readonly state: TraktState,
    readonly rateLimiter: RateLimiter,
    private readonly faults: FaultBoard,
  ) {}

  private time(value: SimTime | undefined): number {
    if (value === undefined) return this.state.clock();
    return typeof value === 'number' ? value : Date.parse(value);
  }

  private ref(catalogKey: string): MediaRef {
    const ref = this.state.catalog.refOfCatalogKey(catalogKey);
    if (!ref) throw new Error(`trakt sim: no catalog entry ${catalogKey}`);
    return ref;
  }

  private playable(catalogKey: string): PlayableRef {
    const ref = this.ref(catalogKey);
    if (!isPlayable(ref)) throw new Error(`trakt sim: ${catalogKey} is not a movie or an episode`);
    return ref;
  }

  /** Creates a user and issues it a valid access/refresh token pair. */
  createUser(options: UserOptions = {}): { user: TraktUser; tokens: TokenResponse } {
    const user = this.state.createUser(options);
    return { user, tokens: this.state.tokens.issue(user.username) };
  }

  issueTokens(username: string): TokenResponse {
    return this.state.tokens.issue(this.state.user(username).username);
  }

  /** Expires every access token of a user now (the next API call answers 401; refresh still works). */
  expireTokens(username: string): void {
    this.state.tokens.expireAll(this.state.user(username).username);
  }

  /** What a user does at trakt.tv/activate: approves a device code (user or device code) for `username`. */
  approveDevice(code: string, username: string): boolean {
    const device = this.state.devices.find(code);
    if (device?.state !== 'pending') return false;
    if (!this.state.users.has(username)) this.state.createUser({ username });
    device.state = 'approved';
    device.username = username;
    return true;
  }

  denyDevice(code: string): boolean {
    const device = this.state.devices.find(code);
    if (device?.state !== 'pending') return false;
    device.state = 'denied';
    return true;
  }

  /** Makes a `traktKnown: false` movie or show known to Trakt (its later adds and searches match). */
  learn(catalogKey: string): boolean {
    return this.state.catalog.learn(catalogKey);
  }

  seedHistory(username: string, plays: { key: string; watchedAt?: SimTime }[]): void {
    const user = this.state.user(username);
    for (const play of plays) recordPlay(user, this.playable(play.key), this.time(play.watchedAt), 'watch', this.state.clock());
  }

  seedRatings(username: string, ratings: { key: string; rating: number; ratedAt?: SimTime }[]): void {
    const user = this.state.user(username);
    for (const r of ratings) {
      const ref = this.ref(r.key);
      user.ratings.set(ref.key, { ref, rating: r.rating, ratedAt: this.time(r.ratedAt) });
      user.activities.touch(ref.type, 'rated_at', this.state.clock());
    }
  }

  seedWatchlist(username: string, items: { key: string; listedAt?: SimTime }[]): void {
    const user = this.state.user(username);
    for (const item of items) {
      const ref = this.ref(item.key);
      user.watchlist.set(ref.key, { id: this.state.nextId(), ref, listedAt: this.time(item.listedAt), notes: null });
      user.activities.touch(ref.type, 'watchlisted_at', this.state.clock());
    }
  }

  truth(username: string): GroundTruth {
    const user = this.state.user(username);
    const iso = (ms: number) => new Date(ms).toISOString();
    return {
      history: user.history.list().map((p) => ({
        id: p.id,
        key: catalogKeyOf(p.ref),
        type: p.ref.type,
        trakt: traktIdOf(p.ref),
        watched_at: iso(p.watchedAt),
        action: p.action,
      })),
      ratings: user.ratings
        .values()
        .map((r) => ({ key: catalogKeyOf(r.ref), type: r.ref.type, trakt: traktIdOf(r.ref), rating: r.rating, rated_at: iso(r.ratedAt) })),
      watchlist: user.watchlist
        .values()
        .map((w, i) => ({ key: catalogKeyOf(w.ref), type: w.ref.type, trakt: traktIdOf(w.ref), rank: i + 1, listed_at: iso(w.listedAt) })),
      collection: user.collection.values().map((c) => ({ key: catalogKeyOf(c.ref), type: c.ref.type, collected_at: iso(c.collectedAt) })),
      playback: user.playback.values().map((p) => ({ key: catalogKeyOf(p.ref), progress: p.progress, paused_at: iso(p.pausedAt) })),
      scrobbles: [...user.scrobbles],
    };
  }

  /**
   * Sets a fault rule on a route ("POST /sync/history", or "*"). FaultBoard judges outage windows by the
   * wall clock (Date.now), not the simulator clock, so `outageForMs` is relative to real time.
   */
  setFault(route: string, spec: FaultSpec): void {
    const { outageForMs, rateLimitStormRetryAfterS, ...rule } = spec;
    const full: FaultRule = { ...rule };
    if (outageForMs !== undefined) full.outageUntil = Date.now() + outageForMs;
    if (rateLimitStormRetryAfterS !== undefined) {
      const until = new Date(Date.now() + rateLimitStormRetryAfterS * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      full.status = 429;
      full.headers = {
        ...rule.headers,
        'Retry-After': String(rateLimitStormRetryAfterS),
        'X-Ratelimit': JSON.stringify({ name: 'AUTHED_API_POST_LIMIT', period: 1, limit: 1, remaining: 0, until }),
      };
    }
    this.faults.set(route, full);
  }

  clearFaults(route?: string): void {
    this.faults.clear(route);
  }

  /** Forgets users, tokens, device codes, learned titles, rate-limit records, counters and fault rules. */
  reset(): void {
    this.state.reset();
    this.rateLimiter.reset();
    this.faults.clear();
    this.faults.resetCounts();
  }
}

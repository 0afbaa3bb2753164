import { Activities } from './activities';
import { HistoryStore } from './history-store';
import type { MediaRef, PlayableRef, TraktCatalog } from './media';
import { DeviceCodes, TokenStore } from './tokens';

/** A Map that counts its changes, so list ETags can be derived without hashing the list. */
export class Shelf<T> {
  private readonly items = new Map<string, T>();
  version = 0;

  get(key: string): T | undefined {
    return this.items.get(key);
  }
  set(key: string, value: T): void {
    this.items.set(key, value);
    this.version++;
  }
  delete(key: string): boolean {
    const deleted = this.items.delete(key);
    if (deleted) this.version++;
    return deleted;
  }
  values(): T[] {
    return [...this.items.values()];
  }
  get size(): number {
    return this.items.size;
  }
}

export interface RatingEntry {
  ref: MediaRef;
  rating: number;
  ratedAt: number;
}

export interface WatchlistEntry {
  /** List item id (the `id` of a current-shape watchlist row). */
  id: number;
  ref: MediaRef;
  listedAt: number;
  notes: string | null;
}

export interface CollectionEntry {
  ref: PlayableRef;
  collectedAt: number;
  updatedAt: number;
}

export interface PlaybackEntry {
  id: number;
  ref: PlayableRef;
  progress: number;
  pausedAt: number;
}

/** Every /scrobble call a user made and how it was answered (ground truth for scrobbling tests). */
export interface ScrobbleRecord {
  at: number;
  endpoint: 'start' | 'pause' | 'stop';
  catalogKey: string;
  progress: number;
  status: number;
  action?: 'start' | 'pause' | 'scrobble';
  historyId?: number;
}

export interface UserOptions {
  username?: string;
  vip?: boolean;
  /** Watchlist item cap; adds beyond it answer 420. Default: Trakt's 2026 limits (free 250, VIP 5,000). */
  watchlistLimit?: number;
  /** Trakt removes a title from the watchlist once it is watched (a per-user setting, on by default). */
  removeWatchedFromWatchlist?: boolean;
  /** A private profile: /users/{id} routes answer only the user itself (off by default, as on Trakt). */
  private?: boolean;
}

export class TraktUser {
  readonly history = new HistoryStore();
  readonly ratings = new Shelf<RatingEntry>();
  /** Insertion order is the rank. */
  readonly watchlist = new Shelf<WatchlistEntry>();
  readonly collection = new Shelf<CollectionEntry>();
  readonly playback = new Shelf<PlaybackEntry>();
  /** catalog key → watched_at of the last scrobble, for the 409 duplicate-scrobble window. */
  readonly lastScrobbleAt = new Map<string, number>();
  readonly scrobbles: ScrobbleRecord[] = [];
  readonly activities: Activities;
  readonly vip: boolean;
  readonly watchlistLimit: number;
  readonly removeWatchedFromWatchlist: boolean;
  readonly private: boolean;

  constructor(
    /** The user's Trakt id (`ids.trakt` of a profile). */
    readonly id: number,
    readonly username: string,
    readonly joinedAt: number,
    options: UserOptions,
  ) {
    this.vip = options.vip ?? false;
    this.private = options.private ?? false;
    this.watchlistLimit = options.watchlistLimit ?? (this.vip ? 5000 : 250);
    this.removeWatchedFromWatchlist = options.removeWatchedFromWatchlist ?? true;
    this.activities = new Activities(joinedAt);
  }

  get slug(): string {
    return this.username.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  }
}

/** Everything the Trakt simulator holds, in memory. */
export class TraktState {
  readonly users = new Map<string, TraktUser>();
  readonly tokens: TokenStore;
  readonly devices: DeviceCodes;
  private sequence = 0;

  constructor(
    readonly catalog: TraktCatalog,
    readonly clock: () => number,
    accessTokenTtlS: number,
  ) {
    this.tokens = new TokenStore(clock, accessTokenTtlS);
    this.devices = new DeviceCodes(clock);
  }

  createUser(options: UserOptions = {}): TraktUser {
    const username = options.username ?? `user${this.users.size + 1}`;
    if (this.users.has(username)) throw new Error(`trakt sim: user ${username} already exists`);
    const user = new TraktUser(this.users.size + 1, username, this.clock(), options);
    this.users.set(username, user);
    return user;
  }

  /** The user a /users/{id} URL names: by slug, as Trakt addresses users (undefined when none has it). */
  userBySlug(slug: string): TraktUser | undefined {
    for (const user of this.users.values()) if (user.slug === slug.toLowerCase()) return user;
    return undefined;
  }

  user(username: string): TraktUser {
    const user = this.users.get(username);
    if (!user) throw new Error(`trakt sim: no user ${username}`);
    return user;
  }

  /** Ids for watchlist list items and playback entries. */
  nextId(): number {
    return ++this.sequence;
  }

  reset(): void {
    this.users.clear();
    this.tokens.clear();
    this.devices.clear();
    this.catalog.forget();
    this.sequence = 0;
  }
}

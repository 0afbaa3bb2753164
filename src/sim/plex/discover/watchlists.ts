/** One watchlisted title of one account. */
export interface WatchlistEntry {
  ratingKey: string;
  /** Epoch seconds, as Plex reports `watchlistedAt`. */
  watchlistedAt: number;
}

export interface WatchlistSeed {
  token: string;
  /** Discover ratingKeys (24-hex plex ids), most recently added first. */
  watchlist: readonly string[];
}

/**
 * The ground truth of every account's Discover watchlist, keyed by plex.tv token.
 * Lists are kept most-recent-first, Plex's default order (re-adding a title moves it to the front).
 */
export class WatchlistStore {
  private lists = new Map<string, WatchlistEntry[]>();

  constructor(
    private readonly seeds: readonly WatchlistSeed[],
    private readonly nowEpochS: () => number,
  ) {
    this.reset();
  }

  /** Restores the seeded lists; seeded titles were added a minute apart, in list order. */
  reset(): void {
    const now = this.nowEpochS();
    this.lists = new Map(
      this.seeds.map((seed) => [seed.token, seed.watchlist.map((ratingKey, i) => ({ ratingKey, watchlistedAt: now - 60 * (i + 1) }))]),
    );
  }

  list(token: string): readonly WatchlistEntry[] {
    return this.lists.get(token) ?? [];
  }

  find(token: string, ratingKey: string): WatchlistEntry | undefined {
    return this.list(token).find((entry) => entry.ratingKey === ratingKey);
  }

  /** Idempotent: an existing entry keeps its place and date. */
  add(token: string, ratingKey: string): void {
    if (this.find(token, ratingKey)) return;
    this.lists.set(token, [{ ratingKey, watchlistedAt: this.nowEpochS() }, ...this.list(token)]);
  }

  remove(token: string, ratingKey: string): void {
    this.lists.set(
      token,
      this.list(token).filter((entry) => entry.ratingKey !== ratingKey),
    );
  }

  /** Replaces a list (admin API), most recent first. */
  replace(token: string, ratingKeys: readonly string[]): void {
    const now = this.nowEpochS();
    this.lists.set(
      token,
      ratingKeys.map((ratingKey, i) => ({ ratingKey, watchlistedAt: now - i })),
    );
  }

  snapshot(): Record<string, readonly WatchlistEntry[]> {
    return Object.fromEntries(this.lists);
  }
}

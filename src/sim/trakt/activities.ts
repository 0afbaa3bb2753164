import type { MediaType } from './media';

/**
 * A user's /sync/last_activities: one timestamp per (section, event), moved whenever matching data changes,
 * so clients can skip re-reading unchanged features. The key set mirrors the documented response exactly;
 * sections the simulator never changes (comments, lists, account…) stay at the account's creation time.
 */
const layout = {
  movies: ['watched_at', 'collected_at', 'rated_at', 'watchlisted_at', 'recommendations_at', 'commented_at', 'paused_at', 'hidden_at'],
  episodes: ['watched_at', 'collected_at', 'rated_at', 'watchlisted_at', 'commented_at', 'paused_at'],
  shows: ['rated_at', 'watchlisted_at', 'recommendations_at', 'commented_at', 'hidden_at'],
  seasons: ['rated_at', 'watchlisted_at', 'commented_at', 'hidden_at'],
  comments: ['liked_at', 'blocked_at'],
  lists: ['liked_at', 'updated_at', 'commented_at'],
  watchlist: ['updated_at'],
  recommendations: ['updated_at'],
  account: ['settings_at', 'followed_at', 'following_at', 'pending_at', 'requested_at'],
  saved_filters: ['updated_at'],
} as const;

type Layout = typeof layout;
export type ActivitySection = keyof Layout;
export type ActivityEvent = 'watched_at' | 'collected_at' | 'rated_at' | 'watchlisted_at' | 'paused_at';

const sectionOfType: Record<MediaType, 'movies' | 'shows' | 'seasons' | 'episodes'> = {
  movie: 'movies',
  show: 'shows',
  season: 'seasons',
  episode: 'episodes',
};

export class Activities {
  private all: number;
  private readonly times = new Map<string, number>();

  constructor(createdAt: number) {
    this.all = createdAt;
    for (const [section, events] of Object.entries(layout)) for (const event of events) this.times.set(`${section}.${event}`, createdAt);
  }

  /** Records that `event` happened to items of `type` at `at` (also moves `all`, and `watchlist.updated_at` for watchlist changes). */
  touch(type: MediaType, event: ActivityEvent, at: number): void {
    const key = `${sectionOfType[type]}.${event}`;
    if (!this.times.has(key)) return;
    this.times.set(key, at);
    if (event === 'watchlisted_at') this.times.set('watchlist.updated_at', at);
    this.all = Math.max(this.all, at);
  }

  toJSON(): Record<string, unknown> {
    const iso = (ms: number) => new Date(ms).toISOString();
    const body: Record<string, unknown> = { all: iso(this.all) };
    for (const [section, events] of Object.entries(layout)) {
      body[section] = Object.fromEntries(events.map((event) => [event, iso(this.times.get(`${section}.${event}`) ?? this.all)]));
    }
    return body;
  }
}

import type { PlayableRef } from './media';

export type PlayAction = 'scrobble' | 'checkin' | 'watch';

export interface Play {
  /** History id: 64-bit on Trakt, so the simulator hands out ids above 2^32 to catch 32-bit clients. */
  id: number;
  watchedAt: number;
  action: PlayAction;
  ref: PlayableRef;
}

/** First history id: above 2^32, like real ids (3373536622 in the docs), still a safe JS integer. */
const firstHistoryId = 5_000_000_000;

/**
 * One user's plays. Plays are events: the same item may hold many, even with identical `watched_at`
 * (Trakt does not de-duplicate). Indexed by id and by title; the newest-first listing is cached and
 * rebuilt only after a change, so paging through 20,000 rows never re-sorts per request.
 */
export class HistoryStore {
  private readonly byId = new Map<number, Play>();
  private readonly byMedia = new Map<string, Set<Play>>();
  private newestFirst: Play[] | null = null;
  private nextId = firstHistoryId;
  /** Bumped on every change: list ETags are derived from it. */
  version = 0;

  add(ref: PlayableRef, watchedAt: number, action: PlayAction): Play {
    const play: Play = { id: this.nextId++, watchedAt, action, ref };
    this.byId.set(play.id, play);
    let plays = this.byMedia.get(ref.key);
    if (!plays) {
      plays = new Set();
      this.byMedia.set(ref.key, plays);
    }
    plays.add(play);
    this.changed();
    return play;
  }

  get(id: number): Play | undefined {
    return this.byId.get(id);
  }

  remove(play: Play): void {
    this.byId.delete(play.id);
    this.byMedia.get(play.ref.key)?.delete(play);
    this.changed();
  }

  playsOf(mediaKey: string): Play[] {
    return [...(this.byMedia.get(mediaKey) ?? [])];
  }

  get size(): number {
    return this.byId.size;
  }

  /** All plays, newest first (ties by id, newest first), as Trakt lists history. */
  list(): readonly Play[] {
    if (!this.newestFirst) this.newestFirst = [...this.byId.values()].sort((a, b) => b.watchedAt - a.watchedAt || b.id - a.id);
    return this.newestFirst;
  }

  private changed(): void {
    this.newestFirst = null;
    this.version++;
  }
}

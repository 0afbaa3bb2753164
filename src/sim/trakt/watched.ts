import type { Play, PlayAction } from './history-store';
import { type MediaRef, type PlayableRef, seasonRef, showRef } from './media';
import type { TraktUser } from './state';

/** The watchlist entries a play of `ref` clears: the title itself, and for an episode its season and show. */
function watchlistKeysClearedBy(ref: PlayableRef): MediaRef[] {
  if (ref.type === 'movie') return [ref];
  const season = ref.show.seasons.find((s) => s.number === ref.episode.season);
  return [ref, showRef(ref.show), ...(season ? [seasonRef(ref.show, season)] : [])];
}

/**
 * Records a play the way Trakt does: a new history row (never merged with an identical one), the
 * `watched_at` activity, and — when the user keeps that setting — removal of the title from the watchlist.
 */
export function recordPlay(user: TraktUser, ref: PlayableRef, watchedAt: number, action: PlayAction, now: number): Play {
  const play = user.history.add(ref, watchedAt, action);
  user.activities.touch(ref.type, 'watched_at', now);
  if (user.removeWatchedFromWatchlist) {
    for (const listed of watchlistKeysClearedBy(ref)) {
      if (user.watchlist.delete(listed.key)) user.activities.touch(listed.type, 'watchlisted_at', now);
    }
  }
  return play;
}

import type { IsoUtc, MinimalItem, Play } from '../items';
import { ItemIndex } from '../match';
import { toIsoUtc } from '../time';

/** A play the live scrobbler recorded on Trakt, stamped when playback stopped. */
export interface ScrobbledPlay {
  item: MinimalItem;
  watchedAt: IsoUtc;
}

/** A live scrobble reaches Trakt when playback stops, up to this long after Plex counted the play (at 90 %). */
export const liveScrobbleLagMs = 4 * 3600_000;

/** The stop times a scrobble of one of `plays` can carry: from the earliest play to the latest plus the lag. */
export function liveScrobbleWindow(plays: readonly Play[], toleranceMs: number): { from: IsoUtc; to: IsoUtc } {
  const times = plays.map((p) => Date.parse(p.watched_at));
  return { from: toIsoUtc(Math.min(...times) - toleranceMs)!, to: toIsoUtc(Math.max(...times) + liveScrobbleLagMs + toleranceMs)! };
}

/**
 * Plays the live scrobbler already sent to Trakt are not added again: Trakt stamps them when playback stopped,
 * which can be long after Plex's watched time, so the tolerance alone would not pair them (issue 5). Each
 * scrobbled play stands for one Plex play.
 */
export function withoutLiveScrobbles(plays: readonly Play[], scrobbled: readonly ScrobbledPlay[], toleranceMs: number): Play[] {
  const byItem = new ItemIndex((s: ScrobbledPlay) => s.item, scrobbled);
  const claimed = new Set<ScrobbledPlay>();
  return plays.filter((play) => {
    const at = Date.parse(play.watched_at);
    const live = byItem.find(play.item).find((s) => {
      const scrobbledAt = Date.parse(s.watchedAt);
      return !claimed.has(s) && scrobbledAt >= at - toleranceMs && scrobbledAt <= at + liveScrobbleLagMs;
    });
    if (live) claimed.add(live);
    return !live;
  });
}

/** A session on the pair's Plex server whose play Trakt has not confirmed yet (playing, or its stop on the way). */
export interface InFlightSession {
  item: MinimalItem;
  /** Its latest call to Trakt (or the intent to make it). */
  seenAt: IsoUtc;
}

/**
 * Plays of an item in an in-flight session are held back until the next run: the stop on its way will add Trakt's
 * own play, and added now too it would be a second one (issue 10). A play counted more than the lag before the
 * session's latest call cannot be that session's. `kept` go on to be planned; `held` wait.
 */
export function withoutInFlightSessions(plays: readonly Play[], sessions: readonly InFlightSession[]): { kept: Play[]; held: Play[] } {
  const byItem = new ItemIndex((s: InFlightSession) => s.item, sessions);
  const kept: Play[] = [];
  const held: Play[] = [];
  for (const play of plays) {
    const at = Date.parse(play.watched_at);
    const inFlight = byItem.find(play.item).some((s) => at >= Date.parse(s.seenAt) - liveScrobbleLagMs);
    (inFlight ? held : kept).push(play);
  }
  return { kept, held };
}

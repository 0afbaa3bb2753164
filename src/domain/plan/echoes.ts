import type { IsoUtc, Play } from '../items';
import { itemKey } from '../keys';

/** A play watchsync wrote to Plex: PMS stamped it `writtenAt`, and it stands for the play it copied. */
export interface PlexEcho {
  itemKey: string;
  writtenAt: IsoUtc;
  originWatchedAt: IsoUtc;
}

/** PMS stamps plays written by watchsync "now"; this long after the write, a play is still that echo. */
export const echoWindowMs = 5 * 60_000;

/**
 * Plays watchsync wrote to Plex stand for the play they copied: give them back its time, so no side sees a new play.
 * Each echo stands for one play only: two plays of a title written in one run are two echoes, not one twice.
 * `echoes` oldest first.
 */
export function translateEchoes(plays: readonly Play[], echoes: readonly PlexEcho[], windowMs = echoWindowMs): Play[] {
  if (echoes.length === 0) return [...plays];
  const unclaimed = new Map<string, { writtenAt: number; origin: IsoUtc }[]>();
  for (const echo of echoes) {
    const ofItem = unclaimed.get(echo.itemKey) ?? [];
    ofItem.push({ writtenAt: Date.parse(echo.writtenAt), origin: echo.originWatchedAt });
    unclaimed.set(echo.itemKey, ofItem);
  }
  return plays.map((play) => {
    const at = Date.parse(play.watched_at);
    const ofItem = unclaimed.get(itemKey(play.item)) ?? [];
    const index = ofItem.findIndex((e) => Math.abs(e.writtenAt - at) <= windowMs);
    if (index < 0) return play;
    const [echo] = ofItem.splice(index, 1);
    return { ...play, watched_at: echo!.origin };
  });
}

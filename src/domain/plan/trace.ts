import type { IsoUtc, MinimalItem, Play } from '../items';
import { itemKey } from '../keys';
import { ItemIndex } from '../match';
import { toIsoUtc } from '../time';
import { unpairedViewings, viewings } from './history';

/** The window plays span, widened by the tolerance on both sides: what to read of the destination's history. */
export function playWindow(plays: readonly Play[], toleranceMs: number): { startAt: IsoUtc; endAt: IsoUtc } {
  const times = plays.map((p) => Date.parse(p.watched_at));
  return { startAt: toIsoUtc(Math.min(...times) - toleranceMs)!, endAt: toIsoUtc(Math.max(...times) + toleranceMs)! };
}

/** Of `plays`, those with no play of the same title within the tolerance in `present` (each present play pairs once). */
export function playsNotIn<P extends Play>(plays: readonly P[], present: readonly Play[], toleranceMs: number): P[] {
  const there = new ItemIndex<Play>((play) => play.item, present);
  const byTitle = new Map<string, P[]>();
  for (const play of plays) byTitle.set(itemKey(play.item), [...(byTitle.get(itemKey(play.item)) ?? []), play]);
  return [...byTitle.values()].flatMap((ofTitle) => {
    const found = there.find(ofTitle[0]!.item);
    return unpairedViewings(viewings(ofTitle), viewings(found), toleranceMs).onlyA.map((v) => v.representative as P);
  });
}

/**
 * Each play to remove, with the destination's play it stands for: the nearest unclaimed play of the same title
 * within the tolerance. Plays with none (no longer there) are left out: nothing left to remove.
 */
export function tracePlays<P extends Play, T extends { item: MinimalItem; watched_at: string }>(
  plays: readonly P[],
  present: readonly T[],
  toleranceMs: number,
): { play: P; traced: T }[] {
  const byItem = new ItemIndex<T>((play) => play.item, present);
  const claimed = new Set<T>();
  return plays.flatMap((play) => {
    const at = Date.parse(play.watched_at);
    const distance = (there: T) => Math.abs(Date.parse(there.watched_at) - at);
    const nearest = byItem
      .find(play.item)
      .filter((there) => !claimed.has(there) && distance(there) <= toleranceMs)
      .sort((a, b) => distance(a) - distance(b))[0];
    if (!nearest) return [];
    claimed.add(nearest);
    return [{ play, traced: nearest }];
  });
}

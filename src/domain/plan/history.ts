import type { Play } from '../items';
import { type Occurrence, presencePlanner } from './presence';

/** One viewing: plays of a title at the very same instant are one play recorded twice. */
export interface Viewing extends Occurrence<Play> {
  /** Epoch ms of the play. */
  at: number;
}

/**
 * A side's plays of one title as viewings, oldest first. Only identical times fold together: plays
 * merely within the tolerance stay separate on one side, else pairing one of them would leave the
 * other counted twice and a re-plan would add it again.
 */
export function viewings(plays: readonly Play[]): Viewing[] {
  const byTime = new Map<number, Viewing>();
  for (const play of plays) {
    const at = Date.parse(play.watched_at);
    const viewing = byTime.get(at);
    if (viewing) viewing.records.push(play);
    else byTime.set(at, { representative: play, records: [play], at });
  }
  return [...byTime.values()].sort((a, b) => a.at - b.at);
}

/**
 * Pairs two time-sorted viewing lists where |Δt| <= tolerance, each viewing at most once.
 * Identical times pair first (Trakt itself answers `existing` for them), so a copied play always
 * finds its original on the next run. The rest pair earliest-first, which maximises the pairs
 * (all windows have the same width) where nearest-first does not: [0 s, 100 s] vs [55 s, 160 s]
 * would pair 100–55 and strand both others.
 */
export function unpairedViewings(
  a: readonly Viewing[],
  b: readonly Viewing[],
  toleranceMs: number,
): { onlyA: Viewing[]; onlyB: Viewing[] } {
  const timesOfA = new Set(a.map((viewing) => viewing.at));
  const timesOfB = new Set(b.map((viewing) => viewing.at));
  const restOfA = a.filter((viewing) => !timesOfB.has(viewing.at));
  const restOfB = b.filter((viewing) => !timesOfA.has(viewing.at));
  const onlyA: Viewing[] = [];
  const onlyB: Viewing[] = [];
  let i = 0;
  let j = 0;
  while (i < restOfA.length && j < restOfB.length) {
    const fromA = restOfA[i]!;
    const fromB = restOfB[j]!;
    if (fromB.at < fromA.at - toleranceMs) {
      onlyB.push(fromB);
      j++;
    } else if (fromB.at > fromA.at + toleranceMs) {
      onlyA.push(fromA);
      i++;
    } else {
      i++;
      j++;
    }
  }
  onlyA.push(...restOfA.slice(i));
  onlyB.push(...restOfB.slice(j));
  return { onlyA, onlyB };
}

export const planHistoryItem = presencePlanner<Play, Viewing>({
  occurrences: (plays) => viewings(plays),
  unpaired: (a, b, options) => unpairedViewings(a, b, options.toleranceMs),
});

import type { ItemPlanner, PlanOptions, SideChanges } from './types';

/** One presence of a title on one side (a watchlist entry, one viewing); duplicate records fold into it. */
export interface Occurrence<R> {
  /** The record sent when the occurrence is copied to the other side. */
  representative: R;
  /** Every record it stands for, all removed when it is removed. */
  records: R[];
}

/** What makes watchlist and history differ: how records become occurrences and how occurrences pair. */
export interface PresenceRules<R, O extends Occurrence<R>> {
  occurrences(records: readonly R[]): O[];
  /** Pairs the occurrences of two lists, each at most once; returns the unpaired of each, in order. */
  unpaired(a: readonly O[], b: readonly O[], options: PlanOptions): { onlyA: O[]; onlyB: O[] };
}

/**
 * Plans features where a record either is on a side or is not (DESIGN.md §4 step 2).
 * One-way: copy what the target lacks; remove from the target what the source had at its baseline
 * and lost since (never what only the target ever had). Two-way: something on one side only was
 * deleted on the other when the other's baseline had it and the other lost it since, else it is new
 * here and is copied over. With removals switched off a two-way pair is a union and a deletion is
 * copied back at once: left alone it would be copied back on the next run anyway, once the baseline
 * no longer lists it.
 */
export function presencePlanner<R, O extends Occurrence<R>>(rules: PresenceRules<R, O>): ItemPlanner<R> {
  return (records, mode, options, changes) => {
    const source = rules.occurrences(records.source);
    const target = rules.occurrences(records.target);
    const { onlyA: onlySource, onlyB: onlyTarget } = rules.unpaired(source, target, options);
    /** Of `onlyHere`, what the other side lost since its baseline, and the rest. */
    const splitByLoss = (onlyHere: O[], otherBaseline: readonly R[], otherNow: O[]) => {
      if (onlyHere.length === 0) return { lostThere: [], notLost: [] };
      const lostThere = rules.unpaired(rules.occurrences(otherBaseline), otherNow, options).onlyA;
      const { onlyA: notLost } = rules.unpaired(onlyHere, lostThere, options);
      const kept = new Set(notLost);
      return { lostThere: onlyHere.filter((occurrence) => !kept.has(occurrence)), notLost };
    };

    if (mode === 'one-way') {
      addAll(changes.toTarget, onlySource);
      removeAll(changes.toTarget, splitByLoss(onlyTarget, records.baselineSource, source).lostThere);
      return;
    }
    const propagate = (onlyHere: O[], otherBaseline: readonly R[], otherNow: O[], toOther: SideChanges<R>, toHere: SideChanges<R>) => {
      if (!options.remove) return addAll(toOther, onlyHere);
      const { lostThere, notLost } = splitByLoss(onlyHere, otherBaseline, otherNow);
      addAll(toOther, notLost);
      removeAll(toHere, lostThere);
    };
    propagate(onlySource, records.baselineTarget, target, changes.toTarget, changes.toSource);
    propagate(onlyTarget, records.baselineSource, source, changes.toSource, changes.toTarget);
  };
}

function addAll<R>(side: SideChanges<R>, occurrences: readonly Occurrence<R>[]): void {
  for (const occurrence of occurrences) side.add.push(occurrence.representative);
}

function removeAll<R>(side: SideChanges<R>, occurrences: readonly Occurrence<R>[]): void {
  for (const occurrence of occurrences) side.remove.push(...occurrence.records);
}

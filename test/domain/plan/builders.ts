import type { MinimalItem, Play, Rating, WatchlistEntry } from '../../../src/domain/items';
import { sameItem } from '../../../src/domain/match';
import { type FeaturePlan, type FeaturePlanInput, planFeature } from '../../../src/domain/plan/plan';
import type { PlanInput, PlannedSideChanges, PlanOptions, SyncMode } from '../../../src/domain/plan/types';

/**
 * Titles the plan tables refer to by name. `A` and `A~` are one movie known by different ID sets;
 * `E` and `E~` one episode, `E~` as a legacy Plex agent sees it (show ID + numbers only).
 */
export const titles: Record<string, MinimalItem> = {
  A: movie('A', { tmdb: 1, imdb: 'tt0000001' }),
  'A~': movie('A~', { imdb: 'tt0000001' }),
  B: movie('B', { tmdb: 2 }),
  C: movie('C', { tmdb: 3 }),
  E: { type: 'episode', title: 'E', ids: { tvdb: 1001, trakt: 501 }, show_ids: { tvdb: 5, tmdb: 50 }, season: 1, episode: 2 },
  'E~': { type: 'episode', title: 'E~', ids: {}, show_ids: { tvdb: 5 }, season: 1, episode: 2 },
  F: { type: 'episode', title: 'F', ids: { tvdb: 1002 }, show_ids: { tvdb: 5 }, season: 1, episode: 3 },
  Z: movie('Z', { plex: 'local-only' }),
};

export function movie(title: string, ids: MinimalItem['ids']): MinimalItem {
  return { type: 'movie', title, ids };
}

const base = Date.UTC(2024, 0, 1);
/** ISO time `seconds` after a fixed start. */
export function at(seconds: number): string {
  return new Date(base + seconds * 1000).toISOString();
}

function title(name: string): MinimalItem {
  const item = titles[name];
  if (!item) throw new Error(`no title ${name} in the test catalog`);
  return item;
}

const words = (text: string) => text.split(' ').filter((word) => word !== '');

/** `'A@0 A@3600'`: plays of A at 0 s and 3600 s. */
export function plays(text: string): Play[] {
  return words(text).map((word) => {
    const [name = '', seconds = ''] = word.split('@');
    return { item: title(name), watched_at: at(Number(seconds)) };
  });
}

/** `'A=8@10 B=3'`: A rated 8 at 10 s, B rated 3 with no time. */
export function ratings(text: string): Rating[] {
  return words(text).map((word) => {
    const [name = '', rest = ''] = word.split('=');
    const [value = '', seconds] = rest.split('@');
    return { item: title(name), rating: Number(value), ...(seconds === undefined ? {} : { rated_at: at(Number(seconds)) }) };
  });
}

/** Plays back in the `plays` notation: `'A@0 B@60'`. */
export function playsText(records: readonly Play[]): string {
  return records.map((p) => `${p.item.title}@${(Date.parse(p.watched_at) - base) / 1000}`).join(' ');
}

/** `'A B'`: A and B are on the watchlist. */
export function watchlist(text: string): WatchlistEntry[] {
  return words(text).map((name) => ({ item: title(name) }));
}

type AnyRecord = Play | Rating | WatchlistEntry;

/** A record as the tables write it. */
function describe(record: AnyRecord): string {
  const name = record.item.title ?? '?';
  if ('watched_at' in record) return `${name}@${(Date.parse(record.watched_at) - base) / 1000}`;
  if ('rating' in record) return `${name}=${record.rating}`;
  return name;
}

/** `'+A@0 -B@5 ?C@9'`: add, remove, removal awaiting approval; sorted. */
export function changesText(changes: PlannedSideChanges<AnyRecord>): string {
  return [
    ...changes.add.map((record) => `+${describe(record)}`),
    ...changes.remove.map((record) => `-${describe(record)}`),
    ...changes.removeNeedsApproval.map((record) => `?${describe(record)}`),
  ]
    .sort()
    .join(' ');
}

export function summary(plan: FeaturePlan): { target: string; source: string } {
  return { target: changesText(plan.toTarget), source: changesText(plan.toSource) };
}

/**
 * What the apply and commit steps would leave behind: each side with its changes applied (a rating
 * replaces the side's rating of that title) and both baselines set to the result.
 */
export function afterApplying(input: FeaturePlanInput, plan: FeaturePlan): FeaturePlanInput {
  const apply = (records: readonly AnyRecord[], changes: PlannedSideChanges<AnyRecord>): AnyRecord[] => {
    const removed = new Set(changes.remove);
    const replaced = (record: AnyRecord) => input.feature === 'ratings' && changes.add.some((added) => sameItem(added.item, record.item));
    return [...records.filter((record) => !removed.has(record) && !replaced(record)), ...changes.add];
  };
  const source = apply(input.source.records, plan.toSource);
  const target = apply(input.target.records, plan.toTarget);
  const next: PlanInput<AnyRecord> = {
    ...input,
    source: { records: source, complete: true },
    target: { records: target, complete: true },
    baseline: { source, target },
  };
  // Applying a feature's plan yields records of that feature; TypeScript cannot follow that through the union.
  return { ...next, feature: input.feature } as FeaturePlanInput;
}

/** Plans, applies, and plans again: a settled pair must have nothing left to do. */
export function replanAfterApplying(input: FeaturePlanInput): FeaturePlan {
  return planFeature(afterApplying(input, planFeature(input)));
}

/** One table row of a feature planner test: both sides and baselines in the short notation, and the expected plan. */
export interface PlanRow {
  name: string;
  mode: SyncMode;
  source: string;
  target: string;
  /** Baseline records of [source, target]; none on a first run. */
  baseline?: [string, string];
  options?: Partial<PlanOptions>;
  toTarget: string;
  toSource?: string;
}

const parsers = { history: plays, ratings, watchlist } as const;

/** The planner input a row describes: complete snapshots, parsed with the feature's notation. */
export function planInput(feature: FeaturePlanInput['feature'], row: PlanRow): FeaturePlanInput {
  const parse = parsers[feature] as (text: string) => never[];
  return {
    feature,
    mode: row.mode,
    source: { records: parse(row.source), complete: true },
    target: { records: parse(row.target), complete: true },
    ...(row.baseline && { baseline: { source: parse(row.baseline[0]), target: parse(row.baseline[1]) } }),
    ...(row.options && { options: row.options }),
  } as FeaturePlanInput;
}

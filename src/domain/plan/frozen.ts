import type { MinimalItem } from '../items';
import { ItemIndex } from '../match';

/**
 * Records whose title is not frozen. Frozen titles are matched like any title (`sameItem`), not by key: a title
 * frozen as one side names it (imdb only, from a legacy Plex agent) is still frozen when planned with more IDs.
 */
export function withoutFrozen<R extends { item: MinimalItem }>(records: readonly R[], frozen: readonly MinimalItem[]): R[] {
  if (frozen.length === 0) return [...records];
  const index = new ItemIndex((item: MinimalItem) => item, frozen);
  return records.filter((record) => index.find(record.item).length === 0);
}

/** The keys of the unresolved entries that are the same title as one of `items` (a success thaws them). */
export function unresolvedKeysOf(unresolved: readonly { itemKey: string; item: MinimalItem }[], items: readonly MinimalItem[]): string[] {
  const index = new ItemIndex((entry: { itemKey: string; item: MinimalItem }) => entry.item, unresolved);
  return [...new Set(items.flatMap((item) => index.find(item).map((entry) => entry.itemKey)))];
}

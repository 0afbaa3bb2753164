import type { MinimalItem } from '../items';
import { itemKey, recordKey } from '../keys';
import { ItemIndex } from '../match';
import type { ItemRecord, Side } from './types';

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

/**
 * How many titles a run froze at each side: its failed records, once per title however many of its plays failed and
 * in however many chunks, as `unresolved list` shows them (frozen entries are one per title).
 */
export function frozenTitlesBySide(
  chunks: readonly { destination: Side; records: readonly ItemRecord[]; failedKeys: readonly string[] }[],
): Record<Side, number> {
  const titles = { source: new Set<string>(), target: new Set<string>() };
  for (const chunk of chunks) {
    const failed = new Set(chunk.failedKeys);
    for (const record of chunk.records) if (failed.has(recordKey(record))) titles[chunk.destination].add(itemKey(record.item));
  }
  return { source: titles.source.size, target: titles.target.size };
}

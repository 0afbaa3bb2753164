import { type ExternalIds, type MinimalItem, strongIdKeys } from './items';
import { matchKeys, showPositionKeys } from './keys';

/**
 * DESIGN.md §3: the same title when the types agree and any strong ID is shared. Episodes and
 * seasons also match by show ID + season (+ number), but only when the two carry no ID kind in
 * common: two episodes with different tvdb IDs are different episodes even if numbered alike
 * (Plex's aired order and Trakt's order differ for some shows).
 */
export function sameItem(a: MinimalItem, b: MinimalItem): boolean {
  if (a.type !== b.type) return false;
  if (sharesStrongId(a.ids, b.ids)) return true;
  if (hasIdKindInCommon(a.ids, b.ids)) return false;
  const positionsOfB = new Set(showPositionKeys(b));
  return showPositionKeys(a).some((key) => positionsOfB.has(key));
}

function sharesStrongId(a: ExternalIds, b: ExternalIds): boolean {
  return strongIdKeys.some((kind) => a[kind] !== undefined && a[kind] === b[kind]);
}

function hasIdKindInCommon(a: ExternalIds, b: ExternalIds): boolean {
  return strongIdKeys.some((kind) => a[kind] !== undefined && b[kind] !== undefined);
}

/**
 * Records bucketed under every match key of their item, so finding the records of one item costs
 * a few map lookups however many records there are.
 */
export class ItemIndex<T> {
  private readonly byKey = new Map<string, T[]>();

  constructor(
    private readonly itemOf: (record: T) => MinimalItem,
    records: Iterable<T> = [],
  ) {
    for (const record of records) this.add(record);
  }

  add(record: T): void {
    for (const key of matchKeys(this.itemOf(record))) {
      const bucket = this.byKey.get(key);
      if (bucket) bucket.push(record);
      else this.byKey.set(key, [record]);
    }
  }

  /** The records whose item is `sameItem` as `item`, each once, in the order they were found. */
  find(item: MinimalItem): T[] {
    const found = new Set<T>();
    for (const key of matchKeys(item)) {
      for (const record of this.byKey.get(key) ?? []) {
        if (!found.has(record) && sameItem(item, this.itemOf(record))) found.add(record);
      }
    }
    return [...found];
  }
}

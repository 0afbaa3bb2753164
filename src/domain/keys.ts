import { canonicalJson } from './canonical-json';
import { type ExternalIds, type MinimalItem, type StrongIdKey, strongIdKeys } from './items';

/** The strong IDs an ID set carries, in canonical priority order (tmdb > imdb > tvdb > trakt). */
export function strongIdEntries(ids: ExternalIds): Array<[StrongIdKey, string | number]> {
  const entries: Array<[StrongIdKey, string | number]> = [];
  for (const kind of strongIdKeys) {
    const value = ids[kind];
    if (value !== undefined) entries.push([kind, value]);
  }
  return entries;
}

/** One key per strong ID of the item itself, e.g. `movie:tmdb:123`, in priority order. */
export function idKeys(item: MinimalItem): string[] {
  return strongIdEntries(item.ids).map(([kind, value]) => `${item.type}:${kind}:${value}`);
}

/**
 * Episodes and seasons are also named by their place in the show, once per show ID:
 * `episode:show:tvdb:5:s1e2`, `season:show:tvdb:5:s1`. Legacy Plex agents give only these.
 */
export function showPositionKeys(item: MinimalItem): string[] {
  const position = positionInShow(item);
  if (position === undefined || item.show_ids === undefined) return [];
  return strongIdEntries(item.show_ids).map(([kind, value]) => `${item.type}:show:${kind}:${value}:${position}`);
}

/** Every key under which the item can be found: its own IDs first, then its place in the show. */
export function matchKeys(item: MinimalItem): string[] {
  return [...idKeys(item), ...showPositionKeys(item)];
}

/**
 * The name of an item (DESIGN.md §3): its highest-priority own ID, else its place in the show;
 * `undefined` when it has no strong identity. It names; `sameItem` decides matches.
 */
export function canonicalKey(item: MinimalItem): string | undefined {
  return matchKeys(item)[0];
}

function positionInShow(item: MinimalItem): string | undefined {
  if (item.season === undefined) return undefined;
  if (item.type === 'season') return `s${item.season}`;
  if (item.type === 'episode' && item.episode !== undefined) return `s${item.season}e${item.episode}`;
  return undefined;
}

/**
 * The one key watchsync stores an item under (frozen items, echoes of plays written to Plex, scrobbled plays,
 * failed writes): its canonical key, or for an item with no strong identity its type and IDs as canonical JSON,
 * so two different ID-less items never share a key. A key names; deciding that two keys are one title is
 * `sameItem`'s job (an item known by different ID sets has different keys).
 */
export function itemKey(item: MinimalItem): string {
  return canonicalKey(item) ?? `${item.type}:ids:${canonicalJson(item.ids)}`;
}

/** A record's identity within a baseline: its item, and for plays the time too (plays are events). */
export function recordKey(record: { item: MinimalItem; watched_at?: string }): string {
  return record.watched_at ? `${itemKey(record.item)}@${record.watched_at}` : itemKey(record.item);
}

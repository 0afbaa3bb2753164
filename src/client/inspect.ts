import type { Feature, MinimalItem } from '../domain/items';
import { sameItem } from '../domain/match';
import type { Side } from '../store/snapshots';
import type { UnresolvedItem } from '../store/unresolved';
import { relativeTime } from './durations';
import { describeRecord } from './unresolved-table';

/** A record of any feature as snapshots hold it: the item, and what the side says about it. */
export interface HeldRecord {
  item: MinimalItem;
  ratingKey?: string;
  watched_at?: string;
  rating?: number;
  rated_at?: string;
  listed_at?: string;
}

export interface SideHoldings {
  side: Side;
  provider: string;
  feature: Feature;
  records: HeldRecord[];
}

/**
 * What the user typed, as a test on records: a Plex ratingKey or a Trakt ID (digits), `trakt:123`, a GUID
 * (`plex://movie/5d77…`, `imdb://tt…`, `tmdb://…`, `tvdb://…`) or a bare IMDb ID.
 */
export function recordMatcher(query: string): (record: HeldRecord) => boolean {
  const q = query.trim();
  const guid = /^(plex|imdb|tmdb|tvdb|trakt):\/*(?:[a-z]+\/)?(.+)$/i.exec(q);
  if (guid) {
    const [, scheme, value] = guid as unknown as [string, string, string];
    const kind = scheme.toLowerCase() as 'plex' | 'imdb' | 'tmdb' | 'tvdb' | 'trakt';
    return (r) => String(r.item.ids[kind] ?? '') === value;
  }
  if (/^tt\d+$/.test(q)) return (r) => r.item.ids.imdb === q;
  if (/^\d+$/.test(q)) return (r) => r.ratingKey === q || r.item.ids.trakt === Number(q);
  throw new Error(`"${query}" is not a Plex ratingKey, a GUID (plex://…, imdb://tt…, tmdb://…, tvdb://…) or a Trakt ID`);
}

export interface Inspection {
  item: MinimalItem;
  ratingKeys: string[];
  holdings: SideHoldings[];
  frozen: UnresolvedItem[];
}

/** The Trakt ID a query may be (`trakt:123`, or digits that are no Plex ratingKey here): Trakt is asked for it. */
export function traktIdOf(query: string): number | undefined {
  const match = /^(?:trakt:\/*)?(\d+)$/.exec(query.trim());
  return match ? Number(match[1]) : undefined;
}

/**
 * The title the first matching record names (or `known`, what Trakt answered for a Trakt ID), and every record
 * of it on either side, matched as a sync matches them.
 */
export function findItem(
  matches: (record: HeldRecord) => boolean,
  holdings: SideHoldings[],
  known?: MinimalItem,
): Omit<Inspection, 'frozen'> | undefined {
  const item = holdings.flatMap((h) => h.records).find(matches)?.item ?? known;
  if (!item) return undefined;
  const same = holdings.map((h) => ({ ...h, records: h.records.filter((r) => sameItem(r.item, item)) }));
  // The IDs either side knows the title by, merged.
  const ids = Object.assign({}, ...same.flatMap((h) => h.records.map((r) => r.item.ids)), known?.ids, item.ids);
  // PMS ratingKeys; Discover records carry the plex GUID's hash there, already listed as the plex ID.
  const ratingKeys = [
    ...new Set(same.flatMap((h) => h.records.map((r) => r.ratingKey).filter((k): k is string => k !== undefined && k !== ids.plex))),
  ];
  return { item: { ...item, ids }, ratingKeys, holdings: same };
}

function holds(h: SideHoldings): string {
  const [first] = h.records;
  if (!first) return 'no';
  switch (h.feature) {
    case 'history': {
      const times = h.records.map((r) => r.watched_at ?? '').sort();
      return `${times.length} play${times.length === 1 ? '' : 's'} (last ${times.at(-1)})`;
    }
    case 'ratings':
      return `${first.rating}/10${first.rated_at ? ` (rated ${first.rated_at})` : ''}`;
    default:
      return `on the watchlist${first.listed_at ? ` (since ${first.listed_at})` : ''}`;
  }
}

export function formatInspection(pairId: string, inspection: Inspection, now = new Date()): string {
  const { item } = inspection;
  const ids = Object.entries(item.ids).map(([kind, value]) => `${kind} ${value}`);
  if (inspection.ratingKeys.length > 0) ids.push(`Plex ratingKey ${inspection.ratingKeys.join(', ')}`);
  const lines = [
    `${describeRecord({ item }) ?? '(untitled)'} — ${item.type}`,
    `  ids: ${ids.join(', ')}`,
    `  pair ${pairId}, as last indexed:`,
  ];
  for (const h of inspection.holdings) lines.push(`    ${`${h.side} (${h.provider})`.padEnd(16)} ${h.feature.padEnd(9)} ${holds(h)}`);
  if (inspection.frozen.length === 0) lines.push('  frozen: no');
  for (const f of inspection.frozen) {
    const retry = f.retryAfter
      ? new Date(f.retryAfter) <= now
        ? 'tried again next run'
        : `tried again ${relativeTime(new Date(f.retryAfter), now)}`
      : 'until thawed';
    lines.push(
      `  frozen: ${f.feature} → ${f.destination}: ${f.reason} (attempts ${f.attempts}, ${retry}; \`watchsync unresolved thaw ${pairId} --key ${f.itemKey}\`)`,
    );
  }
  return lines.join('\n');
}

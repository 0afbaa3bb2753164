import Table from 'cli-table3';
import type { UnresolvedItem } from '../store/unresolved';
import { relativeTime } from './durations';

/** "Title (2012)", "Title S01E02": what a frozen record is about, from the record it would have written. */
export function describeRecord(record: unknown): string | undefined {
  const item = (record as { item?: { title?: string; year?: number; season?: number; episode?: number } } | null)?.item;
  if (!item?.title) return undefined;
  const episode =
    item.season !== undefined && item.episode !== undefined
      ? ` S${String(item.season).padStart(2, '0')}E${String(item.episode).padStart(2, '0')}`
      : '';
  return `${item.title}${item.year ? ` (${item.year})` : ''}${episode}`;
}

/** When a frozen item is tried again: at its back-off's end, or only when thawed. */
export function nextRetry(item: UnresolvedItem, now: Date): string {
  if (!item.retryAfter) return 'when thawed';
  const at = new Date(item.retryAfter);
  return at <= now ? 'next run' : relativeTime(at, now);
}

/** `watchsync unresolved list`: one row per frozen title, with a header. */
export function unresolvedTable(items: UnresolvedItem[], now = new Date()): string {
  const table = new Table({
    head: ['pair', 'feature', 'to', 'title', 'item', 'reason', 'attempts', 'next retry'],
    // No colours (a pipe or a log gets plain text) and no rule between rows.
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    wordWrap: true,
    colWidths: [null, null, null, 36, null, 48, null, null],
  });
  for (const item of items) {
    table.push([
      item.pairId,
      item.feature,
      item.destination,
      describeRecord(item.record) ?? '?',
      item.itemKey,
      item.reason,
      item.attempts,
      nextRetry(item, now),
    ]);
  }
  return table.toString();
}

/** "3 unresolved titles (demo: watchlist 3)": the counts a run's summary reports as unresolved. */
export function unresolvedCounts(items: UnresolvedItem[]): string {
  const byPair = new Map<string, Map<string, number>>();
  for (const item of items) {
    const features = byPair.get(item.pairId) ?? new Map<string, number>();
    features.set(item.feature, (features.get(item.feature) ?? 0) + 1);
    byPair.set(item.pairId, features);
  }
  const detail = [...byPair].map(([pair, features]) => `${pair}: ${[...features].map(([f, n]) => `${f} ${n}`).join(', ')}`).join('; ');
  return `${items.length} unresolved title${items.length === 1 ? '' : 's'}${detail ? ` (${detail})` : ''}`;
}

import type { WatchlistEntry } from '../items';
import { type Occurrence, presencePlanner } from './presence';

/** A title is on a watchlist or not: all its entries on one side are one occurrence. */
export const planWatchlistItem = presencePlanner<WatchlistEntry, Occurrence<WatchlistEntry>>({
  occurrences: (records) => (records[0] ? [{ representative: records[0], records: [...records] }] : []),
  unpaired: (a, b) => (a.length > 0 && b.length > 0 ? { onlyA: [], onlyB: [] } : { onlyA: [...a], onlyB: [...b] }),
});

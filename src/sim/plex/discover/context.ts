import type { DiscoverIndex } from './items';
import type { WatchlistStore } from './watchlists';

/** What the Discover routes share. */
export interface DiscoverContext {
  index: DiscoverIndex;
  watchlists: WatchlistStore;
  isKnownToken(token: string): boolean;
}

export { createDiscoverSim, type DiscoverSim, type DiscoverSimOptions } from './app';
export { defaultPageSize, maxPageSize } from './paging';
export type { WatchlistEntry, WatchlistSeed } from './watchlists';

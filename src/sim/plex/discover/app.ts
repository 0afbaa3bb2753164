import Fastify, { type FastifyInstance } from 'fastify';
import type { Catalog } from '../../catalog';
import { FaultBoard, installFaults } from '../../faults';
import type { PmsLibraryState } from '../contracts';
import { registerDiscoverAdmin } from './adminRoutes';
import { requireKnownToken } from './auth';
import type { DiscoverContext } from './context';
import { type DiscoverIndex, indexCatalog } from './items';
import { registerMetadataRoutes } from './metadataRoutes';
import { registerSearchRoutes } from './searchRoutes';
import { registerWatchlistRoutes } from './watchlistRoutes';
import { type WatchlistSeed, WatchlistStore } from './watchlists';

export interface DiscoverSimOptions {
  catalog: Catalog;
  /** Accounts with seeded watchlists, or a PMS library whose accounts' tokens are accepted (empty watchlists). */
  accounts: readonly WatchlistSeed[] | Pick<PmsLibraryState, 'accounts' | 'accountByToken'>;
  /** Epoch ms; drives watchlistedAt. */
  clock?: () => number;
}

export interface DiscoverSim {
  app: FastifyInstance;
  faults: FaultBoard;
  state: { watchlists: WatchlistStore; index: DiscoverIndex };
}

function isLibrary(accounts: DiscoverSimOptions['accounts']): accounts is Pick<PmsLibraryState, 'accounts' | 'accountByToken'> {
  return 'accountByToken' in accounts;
}

/**
 * The Plex Discover / metadata provider (metadata.provider.plex.tv, discover.provider.plex.tv): a separate host
 * from PMS, authenticated by the plex.tv token of the account.
 */
export function createDiscoverSim(options: DiscoverSimOptions): DiscoverSim {
  const clock = options.clock ?? Date.now;
  const { accounts } = options;
  const seeds = isLibrary(accounts) ? [] : accounts;
  const watchlists = new WatchlistStore(seeds, () => Math.floor(clock() / 1000));
  const seededTokens = new Set(seeds.map((seed) => seed.token));
  // A library is asked on every request, so accounts it gains later (home user switches) work too.
  const isKnownToken = isLibrary(accounts)
    ? (token: string) => accounts.accountByToken(token) !== undefined
    : (token: string) => seededTokens.has(token);
  const ctx: DiscoverContext = { index: indexCatalog(options.catalog), watchlists, isKnownToken };

  const app = Fastify({ logger: false });
  const faults = new FaultBoard();
  installFaults(app, faults);
  registerDiscoverAdmin(app, watchlists, faults);
  app.register(async (provider) => {
    requireKnownToken(provider, ctx.isKnownToken);
    registerWatchlistRoutes(provider, ctx);
    registerMetadataRoutes(provider, ctx);
    registerSearchRoutes(provider, ctx);
  });
  return { app, faults, state: { watchlists, index: ctx.index } };
}

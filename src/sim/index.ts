import type { FastifyInstance } from 'fastify';
import { type Catalog, type CatalogSize, generateCatalog } from './catalog';
import { createDiscoverSim, type DiscoverSim } from './plex/discover';
import { type PlexLibrary, seedPlexLibrary } from './plex/library';
import { createPlayer, describeFromCatalog, type Player, registerNotifications } from './plex/player';
import { registerPlayerAdmin } from './plex/player/http';
import { createPlexTvSim, type PlexTvSim } from './plex/plextv';
import { createPmsSim, type PmsSim } from './plex/pms';
import { createStashSim, type StashSim, StashWorld, seedPlexScenes } from './stash';
import { createTraktSim, type TraktSim } from './trakt';

/** Library and account sizes; `bench` is the size the pair-sync benchmark uses. */
export const simSizes = {
  tiny: { movies: 30, shows: 4, episodes: 60, plays: 80, ratings: 20, watchlist: 10, users: 3 },
  demo: { movies: 400, shows: 40, episodes: 2_000, plays: 1_500, ratings: 200, watchlist: 40, users: 3 },
  // One Plex account, so the owner holds all 20,000 plays the pair-sync benchmark syncs.
  bench: { movies: 5_000, shows: 500, episodes: 50_000, plays: 20_000, ratings: 2_000, watchlist: 300, users: 1 },
} as const satisfies Record<string, CatalogSize & { plays: number; ratings: number; watchlist: number; users: number }>;
export type SimSizeName = keyof typeof simSizes;
/** A named size or any other (tests pick their own counts). */
export type SimSize = CatalogSize & { plays: number; ratings: number; watchlist: number; users: number };

export interface SimulatorOptions {
  size?: SimSizeName | SimSize;
  seed?: number;
  host?: string;
  /** Fixed ports (0 = any free port). */
  ports?: Partial<Record<'pms' | 'plextv' | 'discover' | 'trakt', number>>;
  /** PMS on this port, plex.tv, Discover and Trakt on the next three (config `sim.port`); `ports` wins. */
  firstPort?: number;
  /** Where the player POSTs Plex webhooks. */
  webhookUrls?: string[];
  /** Trakt's per-user limits (1 POST/s, 500 GET per 5 min); on unless a test turns them off. */
  enforceTraktRateLimits?: boolean;
  traktUsername?: string;
  /** A Stash with this many scenes, whose files are in the PMS's "Stash" section (those in `unscanned` after a scan). */
  stash?: { scenes: number; firstId?: number; unscanned?: string[]; apiKey?: string };
}

export interface Simulator {
  catalog: Catalog;
  library: PlexLibrary;
  player: Player;
  pms: PmsSim;
  plextv: PlexTvSim;
  discover: DiscoverSim;
  trakt: TraktSim;
  /** Present when `options.stash` asked for one. */
  stash?: StashSim;
  urls: { pms: string; plextv: string; discover: string; metadata: string; trakt: string; stash?: string };
  tokens: {
    plexOwner: string;
    traktClientId: string;
    traktClientSecret: string;
    traktAccess: string;
    traktRefresh: string;
    traktUsername: string;
    stashApiKey?: string;
  };
  close(): Promise<void>;
}

async function listen(app: FastifyInstance, host: string, port = 0): Promise<string> {
  await app.listen({ host, port });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('simulator did not bind a TCP port');
  return `http://${host}:${address.port}`;
}

/**
 * The Plex (PMS, plex.tv, Discover/metadata, websocket, webhooks) and Trakt simulators on loopback, seeded from
 * one catalog. The owner's Discover watchlist is seeded; Trakt starts empty for the first sync.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const size = typeof options.size === 'string' ? simSizes[options.size] : (options.size ?? simSizes.tiny);
  const seed = options.seed ?? 1;
  const host = options.host ?? '127.0.0.1';
  const first = options.firstPort || undefined;
  const ports = { ...(first ? { pms: first, plextv: first + 1, discover: first + 2, trakt: first + 3 } : {}), ...options.ports };
  const catalog = generateCatalog(size, seed);
  const library = seedPlexLibrary(catalog, { users: size.users, plays: size.plays, ratings: size.ratings, seed });
  const player = createPlayer({ library, webhookUrls: options.webhookUrls, describe: describeFromCatalog(catalog) });
  const pms = createPmsSim({ library, sessions: player });
  await registerNotifications(pms.app, player, { authorize: (token) => library.accountByToken(token) !== undefined });
  registerPlayerAdmin(pms.app, player);
  const discover = createDiscoverSim({ catalog, accounts: library });
  const watchlist = [...catalog.movies, ...catalog.shows]
    .filter((entry) => entry.guidStyle !== 'local')
    .filter((_, i) => i % 7 === 3)
    .slice(0, size.watchlist)
    .map((entry) => entry.plexId);
  discover.state.watchlists.replace(library.owner.token, watchlist);
  const traktUsername = options.traktUsername ?? 'watchsync-demo';
  const trakt = createTraktSim({
    catalog,
    enforceRateLimits: options.enforceTraktRateLimits ?? true,
    users: [{ username: traktUsername, vip: true }],
  });

  const pmsUrl = await listen(pms.app, host, ports.pms);
  const plextv = createPlexTvSim({ library, pmsBaseUrl: pmsUrl });
  const [plextvUrl, discoverUrl, traktUrl] = await Promise.all([
    listen(plextv.app, host, ports.plextv),
    listen(discover.app, host, ports.discover),
    listen(trakt.app, host, ports.trakt),
  ]);
  const traktTokens = trakt.initialTokens.get(traktUsername)!;
  const stash = options.stash
    ? createStashSim({ apiKey: options.stash.apiKey ?? 'stash-sim-api-key', world: new StashWorld() })
    : undefined;
  let stashUrl: string | undefined;
  if (stash && options.stash) {
    stash.world.seed(options.stash.scenes, seed, options.stash.firstId);
    seedPlexScenes(library, pms.scanner, stash.world, new Set(options.stash.unscanned ?? []));
    stashUrl = await listen(stash.app, host);
    stash.setBaseUrl(stashUrl);
  }

  return {
    catalog,
    library,
    player,
    pms,
    plextv,
    discover,
    trakt,
    stash,
    urls: { pms: pmsUrl, plextv: plextvUrl, discover: discoverUrl, metadata: discoverUrl, trakt: traktUrl, stash: stashUrl },
    tokens: {
      plexOwner: library.owner.token,
      traktClientId: trakt.clientId,
      traktClientSecret: trakt.clientSecret,
      traktAccess: traktTokens.access_token,
      traktRefresh: traktTokens.refresh_token,
      traktUsername,
      stashApiKey: options.stash ? (options.stash.apiKey ?? 'stash-sim-api-key') : undefined,
    },
    async close() {
      player.stopRealtime();
      await Promise.all([pms.app.close(), plextv.app.close(), discover.app.close(), trakt.app.close(), stash?.app.close()]);
    },
  };
}

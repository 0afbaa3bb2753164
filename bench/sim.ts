/**
 * Simulator benchmark (issue 3): the simulator must never be the bottleneck. Times generating the benchmark
 * library (5,000 movies, 500 shows / 50,000 episodes, 20,000 plays) and serving 1,000-item pages over real
 * HTTP on loopback (PMS section listing as JSON and XML, PMS play history, Trakt history; Discover's watchlist
 * at its 100-item cap). Needs no services. Prints JSON.
 *
 *   npx tsx bench/sim.ts
 */

import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { request } from 'undici';
import { simSizes, startSimulator } from '../src/sim';
import { type Catalog, generateCatalog } from '../src/sim/catalog';
import { seedPlexLibrary } from '../src/sim/plex/library';
import { createTraktSim } from '../src/sim/trakt';
import { median, round, type Timing, timed } from './timing';

const size = simSizes.bench;
const seed = 42;
const generationRuns = 3;
const warmup = 10;
const samples = 50;
const targets = { libraryMs: 3000, pageP95Ms: 20 };

// A full collection before each page's sampling, so that a page is not charged for the garbage of the
// library generation runs above (several hundred MB) or of the page measured before it.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Nearest-rank percentile. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

interface PageRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: () => string;
  /** Items on the page, from the body; checked on every warm-up request. */
  count(body: string): number;
  expectItems: number;
}

/**
 * Wall time of one request, body read in full (what a client waits for), after a warm-up. CPU time is this
 * process's, which is both the simulator and the client; it is shown because the machine is shared.
 */
async function measure(page: PageRequest) {
  const once = async (check: boolean) => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const res = await request(page.url, { method: page.method ?? 'GET', headers: page.headers, body: page.body?.() });
    const text = await res.body.text();
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    if (res.statusCode >= 300) throw new Error(`${page.url}: HTTP ${res.statusCode} ${text.slice(0, 200)}`);
    if (check) {
      const items = page.count(text);
      if (items !== page.expectItems) throw new Error(`${page.url}: ${items} items, expected ${page.expectItems}`);
    }
    return { wallMs, cpuMs: (used.user + used.system) / 1000, bytes: Buffer.byteLength(text) };
  };
  collectGarbage();
  for (let i = 0; i < warmup; i++) await once(true);
  const runs = [];
  for (let i = 0; i < samples; i++) runs.push(await once(false));
  const wall = runs.map((r) => r.wallMs);
  const cpu = runs.map((r) => r.cpuMs);
  return {
    items: page.expectItems,
    bytes: runs[0]!.bytes,
    p50Ms: round(percentile(wall, 50)),
    p95Ms: round(percentile(wall, 95)),
    maxMs: round(Math.max(...wall)),
    cpuP50Ms: round(percentile(cpu, 50)),
  };
}

const jsonCount = (body: string) => (JSON.parse(body) as { MediaContainer: { Metadata?: unknown[] } }).MediaContainer.Metadata?.length ?? 0;
const xmlCount = (tag: string) => (body: string) => body.match(new RegExp(`<${tag}[ >]`, 'g'))?.length ?? 0;
const arrayCount = (body: string) => (JSON.parse(body) as unknown[]).length;

/** 20,000 movie plays and 20,000 episode plays, one a minute, cycling over the catalog. */
function traktPlays(catalog: Catalog): { key: string; watchedAt: number }[] {
  const base = Date.parse('2020-01-01T00:00:00.000Z');
  return Array.from({ length: 40_000 }, (_, i) => ({
    key: i % 2 ? catalog.episodes[(i >> 1) % catalog.episodes.length]!.key : catalog.movies[(i >> 1) % catalog.movies.length]!.key,
    watchedAt: base + i * 60_000,
  }));
}

async function main(): Promise<void> {
  const loadAtStart = loadavg().map((l) => Math.round(l * 100) / 100);

  // Library generation, in process: catalog, then the Plex library seeded from it.
  const catalogRuns: Timing[] = [];
  const seedRuns: Timing[] = [];
  for (let i = 0; i < generationRuns; i++) {
    const [catalog, catalogTime] = timed(() => generateCatalog(size, seed));
    const [, seedTime] = timed(() => seedPlexLibrary(catalog, { users: size.users, plays: size.plays, ratings: size.ratings, seed }));
    catalogRuns.push(catalogTime);
    seedRuns.push(seedTime);
  }
  const libraryRuns = catalogRuns.map((c, i) => c.wallMs + seedRuns[i]!.wallMs);

  // The whole simulator as benchmarks and the demo start it (catalog, library, five listening apps).
  // Trakt's rate limits are off so that the sampling below is never answered 429.
  const simStarted = performance.now();
  const sim = await startSimulator({ size: 'bench', seed, enforceTraktRateLimits: false });
  const simulatorStartMs = performance.now() - simStarted;

  const plays = traktPlays(sim.catalog);
  const [, traktSeedTime] = timed(() => sim.trakt.control.seedHistory(sim.tokens.traktUsername, plays));
  // Trakt clamps `limit` to 250; a second Trakt simulator (same catalog, same plays) allows 1,000-row pages.
  const bigTrakt = createTraktSim({
    catalog: sim.catalog,
    enforceRateLimits: false,
    maxPageSize: 1000,
    users: [{ username: 'bench', vip: true }],
  });
  await bigTrakt.app.listen({ host: '127.0.0.1', port: 0 });
  const bigTraktAddress = bigTrakt.app.server.address();
  if (bigTraktAddress === null || typeof bigTraktAddress === 'string') throw new Error('trakt sim did not bind a TCP port');
  const bigTraktUrl = `http://127.0.0.1:${bigTraktAddress.port}`;
  bigTrakt.control.seedHistory('bench', plays);
  bigTrakt.control.seedWatchlist(
    'bench',
    sim.catalog.movies.slice(0, 1000).map((m) => ({ key: m.key })),
  );
  const bigTraktHeaders = bigTrakt.headers(bigTrakt.initialTokens.get('bench')!.access_token);

  const plex = { 'X-Plex-Token': sim.tokens.plexOwner, 'X-Plex-Client-Identifier': 'watchsync-bench' };
  const page = (start: number, count: number) => ({ 'X-Plex-Container-Start': String(start), 'X-Plex-Container-Size': String(count) });
  const json = { Accept: 'application/json' };
  const owner = sim.library.owner;
  const ownerPlays = sim.library.history.filter((row) => row.accountId === owner.id).length;
  const historyStart = Math.max(0, Math.min(1000, ownerPlays - 1000));
  const moviesInSection1 = sim.library.itemsOfType(1, 'movie').length;
  const movieStart = Math.max(0, Math.min(1000, moviesInSection1 - 1000));

  const pages = {
    // What src/providers/plex/listing.ts asks for.
    'pms /library/sections/1/all (movies, JSON)': await measure({
      url: `${sim.urls.pms}/library/sections/1/all?type=1&includeGuids=1`,
      headers: { ...plex, ...json, ...page(movieStart, 1000) },
      count: jsonCount,
      expectItems: 1000,
    }),
    'pms /library/sections/1/all (movies, XML)': await measure({
      url: `${sim.urls.pms}/library/sections/1/all?type=1&includeGuids=1`,
      headers: { ...plex, ...page(movieStart, 1000) },
      count: xmlCount('Video'),
      expectItems: 1000,
    }),
    'pms /library/sections/2/all?type=4 (episodes 25,000-25,999 of 50,000, JSON)': await measure({
      url: `${sim.urls.pms}/library/sections/2/all?type=4&includeGuids=1`,
      headers: { ...plex, ...json, ...page(25_000, 1000) },
      count: jsonCount,
      expectItems: 1000,
    }),
    // What src/providers/plex/history.ts asks for.
    'pms /status/sessions/history/all (owner, viewedAt:asc, JSON)': await measure({
      url: `${sim.urls.pms}/status/sessions/history/all?accountID=${owner.id}&sort=viewedAt:asc`,
      headers: { ...plex, ...json, ...page(historyStart, 1000) },
      count: jsonCount,
      expectItems: 1000,
    }),
    'pms /status/sessions/history/all (owner, viewedAt:asc, XML)': await measure({
      url: `${sim.urls.pms}/status/sessions/history/all?accountID=${owner.id}&sort=viewedAt:asc`,
      headers: { ...plex, ...page(historyStart, 1000) },
      count: xmlCount('(?:Video|Track|Photo)'),
      expectItems: 1000,
    }),
    'trakt GET /sync/history/movies?page=5&limit=1000 (maxPageSize 1000 sim)': await measure({
      url: `${bigTraktUrl}/sync/history/movies?page=5&limit=1000`,
      headers: bigTraktHeaders,
      count: arrayCount,
      expectItems: 1000,
    }),
    'trakt GET /sync/history?page=20&limit=1000 (maxPageSize 1000 sim)': await measure({
      url: `${bigTraktUrl}/sync/history?page=20&limit=1000`,
      headers: bigTraktHeaders,
      count: arrayCount,
      expectItems: 1000,
    }),
    'trakt GET /sync/history/movies?page=5&limit=250 (default sim, limit clamped to 250)': await measure({
      url: `${sim.urls.trakt}/sync/history/movies?page=5&limit=1000`,
      headers: sim.trakt.headers(sim.tokens.traktAccess),
      count: arrayCount,
      expectItems: 250,
    }),
    'trakt GET /sync/watchlist (1,000 items, unpaginated, maxPageSize 1000 sim)': await measure({
      url: `${bigTraktUrl}/sync/watchlist`,
      headers: bigTraktHeaders,
      count: arrayCount,
      expectItems: 1000,
    }),
    // What src/providers/plex/watchlist.ts asks for; Discover answers at most 100 per page.
    'discover /library/sections/watchlist/all (100 of 300, the per-page cap)': await measure({
      url: `${sim.urls.discover}/library/sections/watchlist/all?includeGuids=1`,
      headers: { ...plex, ...json, ...page(100, 100) },
      count: jsonCount,
      expectItems: 100,
    }),
  };

  // Adding a 100-movie chunk to a 40,000-play history (each sample adds 100 more plays).
  const chunk = JSON.stringify({
    movies: sim.catalog.movies
      .filter((m) => m.traktKnown)
      .slice(0, 100)
      .map((m) => ({ ids: { trakt: m.ids.trakt } })),
  });
  const traktPost100 = await measure({
    url: `${bigTraktUrl}/sync/history`,
    method: 'POST',
    headers: bigTraktHeaders,
    body: () => chunk,
    count: (body) => (JSON.parse(body) as { added: { movies: number } }).added.movies,
    expectItems: 100,
  });

  const libraryMedianMs = median(libraryRuns);
  const pageTargets = Object.fromEntries(
    Object.entries(pages).map(([name, figures]) => [
      name,
      { p95Ms: figures.p95Ms, targetMs: targets.pageP95Ms, pass: figures.p95Ms < targets.pageP95Ms },
    ]),
  );
  const report = {
    benchmark: 'sim',
    size: 'bench',
    seed,
    loadAverageAtStart: loadAtStart,
    library: {
      movies: sim.catalog.movies.length,
      shows: sim.catalog.shows.length,
      episodes: sim.catalog.episodes.length,
      plexItems: sim.library.items.size,
      plexPlays: sim.library.history.length,
      plexOwnerPlays: ownerPlays,
      traktPlaysSeeded: plays.length,
    },
    generation: {
      runs: generationRuns,
      catalogMs: {
        median: round(median(catalogRuns.map((r) => r.wallMs))),
        cpuMedian: round(median(catalogRuns.map((r) => r.cpuMs))),
        runs: catalogRuns.map((r) => round(r.wallMs)),
      },
      seedPlexLibraryMs: {
        median: round(median(seedRuns.map((r) => r.wallMs))),
        cpuMedian: round(median(seedRuns.map((r) => r.cpuMs))),
        runs: seedRuns.map((r) => round(r.wallMs)),
      },
      libraryMs: { median: round(libraryMedianMs), runs: libraryRuns.map(round) },
      simulatorStartMs: round(simulatorStartMs),
      traktSeedHistoryMs: { plays: plays.length, wallMs: round(traktSeedTime.wallMs), cpuMs: round(traktSeedTime.cpuMs) },
    },
    pageSampling: {
      warmup,
      samples,
      timing:
        'wall time per sequential request over loopback (undici, keep-alive), body read in full; cpuP50Ms is this process (simulator + client)',
    },
    pages,
    extra: { 'trakt POST /sync/history (100 movies onto 40,000+ plays, maxPageSize 1000 sim)': traktPost100 },
    targets: {
      library: {
        what: 'generateCatalog + seedPlexLibrary, median wall ms',
        valueMs: round(libraryMedianMs),
        targetMs: targets.libraryMs,
        pass: libraryMedianMs < targets.libraryMs,
      },
      pages: pageTargets,
    },
    pass: libraryMedianMs < targets.libraryMs && Object.values(pageTargets).every((t) => t.pass),
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  await bigTrakt.app.close();
  await sim.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCatalog } from '../../src/sim/catalog';
import { type RunningTraktSim, startTraktSim } from '../../src/sim/trakt/harness';

const catalog = generateCatalog({ movies: 2000, shows: 200, episodes: 8000 }, 11);
let trakt: RunningTraktSim;
let token: string;

beforeAll(async () => {
  // A benchmark-sized page (1,000) needs the page cap raised above Trakt's 250.
  trakt = await startTraktSim({ catalog, enforceRateLimits: false, maxPageSize: 1000 });
  token = trakt.sim.control.createUser({ username: 'heavy', vip: true }).tokens.access_token;
  const base = Date.parse('2020-01-01T00:00:00.000Z');
  trakt.sim.control.seedHistory(
    'heavy',
    Array.from({ length: 20_000 }, (_, i) => ({ key: i % 2 ? `e${(i % 8000) + 1}` : `m${(i % 2000) + 1}`, watchedAt: base + i * 60_000 })),
  );
  trakt.sim.control.seedWatchlist(
    'heavy',
    catalog.movies.slice(0, 1000).map((m) => ({ key: m.key })),
  );
});
afterAll(() => trakt.close());

/**
 * CPU time (user + system, this process: simulator and client) of one request over real HTTP, body read as
 * text. CPU time rather than wall time: this 2-core machine is shared with other processes, whose load
 * shows up in wall time but is not the simulator's cost.
 */
async function cpuMs(method: 'GET' | 'POST', path: string, body?: unknown): Promise<number> {
  const before = process.cpuUsage();
  const res = await request(`${trakt.url}${path}`, {
    method,
    headers: trakt.sim.headers(token),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await res.body.text();
  const used = process.cpuUsage(before);
  expect(res.statusCode).toBeLessThan(300);
  return (used.user + used.system) / 1000;
}

/** The cheapest of several runs after a warm-up, so one GC pause does not decide the test. */
async function cheapestGetMs(path: string, runs = 9): Promise<number> {
  await cpuMs('GET', path);
  let cheapest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) cheapest = Math.min(cheapest, await cpuMs('GET', path));
  return cheapest;
}

describe('trakt sim: performance with 20,000 plays', () => {
  it('serves a 1,000-row history page (any page) well under 20 ms', async () => {
    expect(await cheapestGetMs('/sync/history?page=1&limit=1000')).toBeLessThan(20);
    expect(await cheapestGetMs('/sync/history/episodes?page=10&limit=1000')).toBeLessThan(20);
  });

  it('serves a 1,000-item unpaginated watchlist well under 20 ms', async () => {
    expect(await cheapestGetMs('/sync/watchlist')).toBeLessThan(20);
  });

  it('adds a 100-item chunk without scanning the whole history', async () => {
    const body = {
      movies: catalog.movies
        .filter((m) => m.traktKnown)
        .slice(0, 100)
        .map((m) => ({ ids: { trakt: m.ids.trakt } })),
    };
    expect(await cpuMs('POST', '/sync/history', body)).toBeLessThan(50);
    expect(trakt.sim.control.truth('heavy').history).toHaveLength(20_100);
  });
});

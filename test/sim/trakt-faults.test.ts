import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { traktRateLimitHeaderSchema } from '../../src/providers/trakt/schemas';
import { generateCatalog } from '../../src/sim/catalog';
import { type RunningTraktSim, startTraktSim } from '../../src/sim/trakt/harness';
import type { TraktSimOptions } from '../../src/sim/trakt/index';

const catalog = generateCatalog({ movies: 20, shows: 2, episodes: 4 }, 5);
const movie = catalog.movies.find((m) => m.traktKnown)!;
const historyBody = { movies: [{ ids: { trakt: movie.ids.trakt } }] };

let now = Date.parse('2026-03-01T12:00:00.000Z');
let trakt: RunningTraktSim;
let token: string;

async function start(options: Partial<TraktSimOptions> = {}) {
  now = Date.parse('2026-03-01T12:00:00.000Z');
  trakt = await startTraktSim({ catalog, clock: () => now, ...options });
  token = trakt.sim.control.createUser({ username: 'alice' }).tokens.access_token;
}
afterEach(() => trakt.close());

const activities = () => trakt.call('GET', '/sync/last_activities', { token });
const addPlay = () => trakt.call('POST', '/sync/history', { token, body: historyBody });

describe('trakt sim: fault injection', () => {
  beforeEach(() => start({ enforceRateLimits: false }));

  it('adds latency to a route', async () => {
    trakt.sim.control.setFault('GET /sync/last_activities', { latencyMs: 150 });
    const began = performance.now();
    expect((await activities()).status).toBe(200);
    expect(performance.now() - began).toBeGreaterThanOrEqual(140);
  });

  it('fails a fraction of requests with the configured status', async () => {
    trakt.sim.control.setFault('*', { errorRate: 1, status: 502 });
    expect((await activities()).status).toBe(502);
    trakt.sim.control.setFault('*', { errorRate: 0 });
    expect((await activities()).status).toBe(200);
  });

  it('answers 503 during an outage window, over the admin API too', async () => {
    const set = await trakt.call('PUT', '/__admin/faults', { body: { route: '*', outageForMs: 60_000 } });
    expect(set.status).toBe(200);
    expect((await activities()).status).toBe(503);
    expect((await addPlay()).status).toBe(503);
    expect((await trakt.call('DELETE', '/__admin/faults')).status).toBe(200);
    expect((await activities()).status).toBe(200);
  });

  it('refuses connections during a refused-connection outage', async () => {
    trakt.sim.control.setFault('*', { outageForMs: 60_000, refuse: true });
    await expect(request(`${trakt.url}/sync/last_activities`, { headers: trakt.sim.headers(token) })).rejects.toThrow();
  });

  it('fails the next N requests, then recovers, and counts every request', async () => {
    trakt.sim.control.setFault('POST /sync/history', { failNext: 2, status: 500 });
    expect((await addPlay()).status).toBe(500);
    expect((await addPlay()).status).toBe(500);
    expect((await addPlay()).status).toBe(201);
    expect(trakt.sim.control.truth('alice').history).toHaveLength(1);
    const counters = await trakt.call('GET', '/__admin/counters');
    expect(counters.body).toMatchObject({ counts: { 'POST /sync/history': 3 } });
  });

  it('answers a 429 storm with Retry-After and X-Ratelimit', async () => {
    await trakt.call('PUT', '/__admin/faults', { body: { route: 'POST /sync/history', failNext: 3, rateLimitStormRetryAfterS: 7 } });
    for (let i = 0; i < 3; i++) {
      const res = await addPlay();
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBe('7');
      traktRateLimitHeaderSchema.parse(JSON.parse(String(res.headers['x-ratelimit'])));
    }
    expect((await addPlay()).status).toBe(201);
  });
});

describe('trakt sim: rate limits', () => {
  it('refuses a second POST within one second with 429, Retry-After and X-Ratelimit, and records it', async () => {
    await start();
    expect((await addPlay()).status).toBe(201);
    now += 999;
    const refused = await addPlay();
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    const header = traktRateLimitHeaderSchema.parse(JSON.parse(String(refused.headers['x-ratelimit'])));
    expect(header).toMatchObject({ name: 'AUTHED_API_POST_LIMIT', period: 1, limit: 1, remaining: 0, until: '2026-03-01T12:00:01Z' });
    now += 1;
    expect((await addPlay()).status).toBe(201);

    const limiter = trakt.sim.rateLimiter;
    expect(limiter.rejections).toMatchObject([{ subject: 'user:alice', name: 'AUTHED_API_POST_LIMIT', method: 'POST' }]);
    expect(limiter.acceptedWrites('user:alice')).toEqual([now - 1000, now]);
    expect(limiter.maxAcceptedWritesIn('user:alice')).toBe(1);
    expect(trakt.sim.control.truth('alice').history).toHaveLength(2);
  });

  it('limits writes per user, not per token or globally', async () => {
    await start();
    const other = trakt.sim.control.createUser({ username: 'bob' }).tokens.access_token;
    const second = trakt.sim.control.issueTokens('alice').access_token;
    expect((await addPlay()).status).toBe(201);
    expect((await trakt.call('POST', '/sync/history', { token: other, body: historyBody })).status).toBe(201);
    expect((await trakt.call('POST', '/sync/history', { token: second, body: historyBody })).status).toBe(429);
  });

  it('spends a GET budget per 5 minutes, separately for unauthenticated callers', async () => {
    await start({ limits: { getPer5Min: 3 } });
    for (let i = 0; i < 3; i++) expect((await activities()).status).toBe(200);
    const refused = await activities();
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('300');
    expect(JSON.parse(String(refused.headers['x-ratelimit']))).toMatchObject({ name: 'AUTHED_API_GET_LIMIT', period: 300, limit: 3 });
    expect((await trakt.call('GET', '/search/trakt/1')).status).toBe(200);
    now += 300_000;
    expect((await activities()).status).toBe(200);
  });

  it('can be switched off, still recording accepted writes', async () => {
    await start({ enforceRateLimits: false });
    for (let i = 0; i < 3; i++) expect((await addPlay()).status).toBe(201);
    expect(trakt.sim.rateLimiter.maxAcceptedWritesIn('user:alice')).toBe(3);
    await trakt.call('PUT', '/__admin/ratelimits', { body: { enabled: true } });
    expect((await addPlay()).status).toBe(429);
  });
});

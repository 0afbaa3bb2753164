import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateCatalog } from '../../src/sim/catalog';
import { seedPlexLibrary } from '../../src/sim/plex/library';
import { createPmsSim } from '../../src/sim/plex/pms';
import { listenOnLoopback } from '../../src/sim/plex/pms/listen';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary wire JSON and assert on it
type Json = Record<string, any>;

const library = seedPlexLibrary(generateCatalog({ movies: 50, shows: 2, episodes: 10 }, 5), { users: 2, plays: 60, ratings: 5, seed: 5 });
const sim = createPmsSim({ library });
const token = library.owner.token;
const listing = 'GET /library/sections/:sectionId/all';
let base = '';

beforeAll(async () => {
  base = await listenOnLoopback(sim.app);
});
afterAll(async () => {
  await sim.app.close();
});
beforeEach(async () => {
  await admin('POST', '/__admin/reset');
});

async function admin(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) {
  const res = await request(`${base}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.statusCode, body: (await res.body.json()) as Json };
}

async function list(start?: number, size?: number) {
  const paging = start === undefined ? '' : `?X-Plex-Container-Start=${start}&X-Plex-Container-Size=${size}`;
  const res = await request(`${base}/library/sections/1/all${paging}`, { headers: { 'X-Plex-Token': token, accept: 'application/json' } });
  await res.body.text();
  return res.statusCode;
}

describe('route faults through the admin API', () => {
  it('counts requests per route and resets the counters', async () => {
    await list();
    await list();
    expect((await admin('GET', '/__admin/counters')).body[listing]).toBe(2);
    await admin('DELETE', '/__admin/counters');
    expect((await admin('GET', '/__admin/counters')).body).toEqual({});
  });

  it('adds latency', async () => {
    await admin('PUT', '/__admin/faults', { route: listing, rule: { latencyMs: 150 } });
    const started = Date.now();
    expect(await list()).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('fails a share of requests with an error rate, and the next N with failNext', async () => {
    await admin('PUT', '/__admin/faults', { route: listing, rule: { errorRate: 1, status: 500 } });
    expect(await list()).toBe(500);
    await admin('DELETE', `/__admin/faults?route=${encodeURIComponent(listing)}`);
    await admin('PUT', '/__admin/faults', { route: listing, rule: { failNext: 2 } });
    expect([await list(), await list(), await list()]).toEqual([503, 503, 200]);
  });

  it('simulates an outage with 503 and with refused connections', async () => {
    await admin('PUT', '/__admin/faults', { route: '*', rule: { outageUntil: Date.now() + 60_000 } });
    expect(await list()).toBe(503);
    await admin('PUT', '/__admin/faults', { route: '*', rule: { outageUntil: Date.now() + 60_000, refuse: true } });
    await expect(list()).rejects.toThrow();
    await admin('DELETE', '/__admin/faults');
    expect(await list()).toBe(200);
  });

  it('fails a paged listing half-way: the first pages succeed, the page at the offset fails', async () => {
    await admin('PUT', '/__admin/page-faults', { route: listing, rule: { fromOffset: 20, status: 500, times: 1 } });
    expect(await list(0, 10)).toBe(200);
    expect(await list(10, 10)).toBe(200);
    expect(await list(20, 10)).toBe(500);
    // times: 1 — a retry of the failed page succeeds.
    expect(await list(20, 10)).toBe(200);
    await admin('PUT', '/__admin/page-faults', { route: listing, rule: { fromOffset: 10, refuse: true } });
    expect(await list(0, 10)).toBe(200);
    await expect(list(10, 10)).rejects.toThrow();
    // Unpaged requests are not pages.
    expect(await list()).toBe(200);
  });
});

describe('tokens and ground truth', () => {
  it('revokes a token (401 afterwards) and issues new ones', async () => {
    const issued = (await admin('POST', '/__admin/tokens', { accountId: library.owner.id })).body.token as string;
    const res = await request(`${base}/library/sections`, { headers: { 'X-Plex-Token': issued } });
    await res.body.text();
    expect(res.statusCode).toBe(200);
    expect((await admin('POST', '/__admin/tokens/revoke', { token: issued })).body).toEqual({ revoked: true });
    const after = await request(`${base}/library/sections`, { headers: { 'X-Plex-Token': issued } });
    await after.body.text();
    expect(after.statusCode).toBe(401);
  });

  it('exposes per-account state and history, and reset restores the seed', async () => {
    const seeded = (await admin('GET', `/__admin/history?accountId=${library.owner.id}`)).body.length;
    library.markPlayed(library.owner.id, '1', 1_800_000_000);
    expect((await admin('GET', `/__admin/history?accountId=${library.owner.id}`)).body.length).toBe(seeded + 1);
    const states = (await admin('GET', `/__admin/accounts/${library.owner.id}/state`)).body;
    expect(states.find((s: Json) => s.ratingKey === '1')).toMatchObject({ lastViewedAt: 1_800_000_000 });
    await admin('POST', '/__admin/reset');
    expect((await admin('GET', `/__admin/history?accountId=${library.owner.id}`)).body.length).toBe(seeded);
  });

  it('deleting media keeps its history rows without ratingKey; touching moves updatedAt', async () => {
    const row = library.history.find((r) => r.ratingKey !== undefined && r.type === 'movie');
    const ratingKey = row?.ratingKey as string;
    expect((await admin('DELETE', `/__admin/items/${ratingKey}`)).status).toBe(200);
    expect(library.items.has(ratingKey)).toBe(false);
    expect(library.history.find((r) => r.id === row?.id)?.ratingKey).toBeUndefined();
    const before = library.items.get('2')?.updatedAt as number;
    await admin('POST', '/__admin/items/2/touch');
    expect(library.items.get('2')?.updatedAt).toBeGreaterThan(before);
  });
});

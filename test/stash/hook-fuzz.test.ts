import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBridgeServer } from '../../src/bridge/server';
import type { StashHookTarget } from '../../src/bridge/stash-hook';
import { parseConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { rng } from '../../src/sim/catalog';

const secret = 'hook-secret-for-fuzz';
const calls: string[] = [];
const target: StashHookTarget = {
  async sceneChanged(sceneId) {
    calls.push(`scene ${sceneId}`);
  },
  async reconcile(input) {
    calls.push(`reconcile ${input.scope}`);
  },
};
let url = '';
const app = createBridgeServer({
  config: parseConfig({ bridge: { stash_hook_secret: secret, max_body_bytes: 16 * 1024 }, stash: { enabled: true } }),
  log: createLogger({ level: 'silent' }),
  stashHooks: target,
});

beforeAll(async () => {
  const server = await app;
  await server.listen({ host: '127.0.0.1', port: 0 });
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  url = `http://127.0.0.1:${address.port}/hooks/stash`;
});
afterAll(async () => (await app).close());

interface Bad {
  body: string | Buffer;
  contentType: string;
  secret?: string;
}

/** Malformed hook requests of many kinds, deterministic for a seed. */
function badHooks(count: number, seed: number): Bad[] {
  const rand = rng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)] as T;
  const json = (value: unknown): Bad => ({ body: JSON.stringify(value), contentType: 'application/json' });
  const badIds = [0, -1, 1.5, '', 'abc', '01', '1e3', null, true, [], {}, '12345678901234567890', Number.MAX_VALUE, ' 7'];
  const badTypes = ['Scene.Update.Pre', 'Performer.Update.Post', '', null, 7, 'scene.update.post'];
  const makers: Array<() => Bad> = [
    () => json({ hookContext: { id: pick(badIds), type: 'Scene.Update.Post' } }),
    () => json({ hookContext: { id: 12, type: pick(badTypes) } }),
    () => json({ hookContext: { id: 12 } }),
    () => json({ hookContext: { type: 'Scene.Update.Post' } }),
    () => json({ hookContext: { id: 12, type: 'Scene.Update.Post', extra: 1 } }),
    () => json({ hookContext: { id: 12, type: 'Scene.Update.Post', inputFields: 'title' } }),
    () => json({ hookContext: null }),
    () => json({ hookContext: { id: 12, type: 'Scene.Update.Post' }, server_connection: { SessionCookie: {} } }),
    () => json({ task: pick(['sync', 'RECONCILE', '', 3, null]) }),
    () => json({ task: 'reconcile', scope: pick(['1y', '', 7, null]) }),
    () => json(pick([null, 7, 'text', [], {}, [{ hookContext: { id: 1, type: 'Scene.Update.Post' } }]])),
    () => ({ body: `{"hookContext": {"id": ${Math.floor(rand() * 100)}`, contentType: 'application/json' }),
    () => ({ body: '', contentType: 'application/json' }),
    () => ({ body: Buffer.from([0xff, 0xfe, 0x00, 0x7b]), contentType: 'application/json' }),
    () => ({ body: 'hookContext=1', contentType: pick(['text/plain', 'application/x-www-form-urlencoded']) }),
    () => ({
      body: JSON.stringify({ hookContext: { id: 5, type: 'Scene.Update.Post' } }),
      contentType: 'application/json',
      secret: pick(['', 'wrong', `${secret}x`, secret.slice(1)]),
    }),
    () => ({
      body: JSON.stringify({ hookContext: { id: 5, type: 'Scene.Update.Post', input: 'x'.repeat(20_000) } }),
      contentType: 'application/json',
    }),
  ];
  return Array.from({ length: count }, () => pick(makers)());
}

describe('POST /hooks/stash', () => {
  it('refuses 600 malformed or unauthenticated hooks with 4xx, signals nothing, and keeps serving', async () => {
    const statuses = new Map<number, number>();
    for (const bad of badHooks(600, 5)) {
      const headers: Record<string, string> = { 'content-type': bad.contentType };
      const presented = bad.secret ?? secret;
      if (presented !== '') headers['x-watchsync-secret'] = presented;
      const response = await request(url, { method: 'POST', headers, body: bad.body });
      await response.body.dump();
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
    }
    expect(
      [...statuses.keys()].every((s) => s >= 400 && s < 500),
      JSON.stringify([...statuses]),
    ).toBe(true);
    expect(calls).toEqual([]);

    const good = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({
        hookContext: { id: 123, type: 'Scene.Update.Post', input: { id: '123', title: 'New title' }, inputFields: ['id', 'title'] },
      }),
    });
    expect(good.statusCode).toBe(202);
    expect(await good.body.json()).toEqual({ status: 'accepted', scene: '123' });
    const task = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-watchsync-secret': secret },
      body: '{"task":"sync-all"}',
    });
    expect(task.statusCode).toBe(202);
    expect(calls).toEqual(['scene 123', 'reconcile all']);
  });

  it('answers 503 and no 2xx when the signal could not be recorded', async () => {
    const failing = await createBridgeServer({
      config: parseConfig({ bridge: { stash_hook_secret: secret }, stash: { enabled: true } }),
      log: createLogger({ level: 'silent' }),
      stashHooks: {
        sceneChanged: () => Promise.reject(new Error('Temporal unreachable')),
        reconcile: () => Promise.reject(new Error('down')),
      },
    });
    const response = await failing.inject({
      method: 'POST',
      url: '/hooks/stash',
      headers: { 'content-type': 'application/json', 'x-watchsync-secret': secret },
      payload: { hookContext: { id: 9, type: 'Scene.Update.Post' } },
    });
    expect(response.statusCode).toBe(503);
    await failing.close();
  });
});

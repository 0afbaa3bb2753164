import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from '../../src/providers/http';
import { createStashClient, StashGraphqlError } from '../../src/providers/stash';
import { findSceneQuery, findScenesByPathQuery, findScenesSinceQuery, jobQueueQuery } from '../../src/providers/stash/queries';
import { createStashSim, type StashSim, StashWorld } from '../../src/sim/stash';
import { stashSchema } from '../../src/sim/stash/schema';
import { fixturesDir } from '../support/fixtures';

const apiKey = 'stash-test-key';
let sim: StashSim;
let url = '';

beforeAll(async () => {
  const world = new StashWorld();
  world.seed(60, 3);
  sim = createStashSim({ apiKey, world });
  await sim.app.listen({ host: '127.0.0.1', port: 0 });
  const address = sim.app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  url = `http://127.0.0.1:${address.port}`;
  sim.setBaseUrl(url);
});
afterAll(async () => {
  await sim.app.close();
});

describe('Stash GraphQL documents', () => {
  const schema = buildSchema(stashSchema);
  const fixtures = readdirSync(join(fixturesDir, 'stash')).filter((f) => f.endsWith('.request.constructed.json'));

  it.each(fixtures)('fixture %s is valid against the simulator schema and answers', async (file) => {
    const body = JSON.parse(readFileSync(join(fixturesDir, 'stash', file), 'utf8'));
    expect(validate(schema, parse(body.query))).toEqual([]);
    const answer = await request(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', apikey: apiKey },
      body: JSON.stringify(body),
    });
    const json = (await answer.body.json()) as { data?: unknown; errors?: unknown };
    expect(answer.statusCode).toBe(200);
    expect(json.errors).toBeUndefined();
    expect(json.data).toBeTruthy();
  });

  it.each([findSceneQuery, findScenesSinceQuery, findScenesByPathQuery, jobQueueQuery])(
    'watchsync query $operationName is valid',
    (doc) => {
      expect(validate(schema, parse(doc.query))).toEqual([]);
    },
  );

  it('the plugin hook input fixture names a scene id and type the bridge accepts', () => {
    const input = JSON.parse(readFileSync(join(fixturesDir, 'stash', 'plugin-hook-input.scene-update.shape.json'), 'utf8'));
    expect(input.args.hookContext).toMatchObject({ id: 123, type: 'Scene.Update.Post' });
  });
});

describe('Stash client against the simulator', () => {
  it('reads a scene with files, studio, performers, tags and screenshot path', async () => {
    const client = createStashClient({ url, apiKey });
    const scene = await client.findScene('7');
    expect(scene?.id).toBe('7');
    expect(scene?.files[0]?.path).toMatch(/^\/stash\/library\/.+\/scene-00007\.mp4$/);
    expect(scene?.studio?.name).toBeTruthy();
    expect(scene?.performers.length).toBeGreaterThan(0);
    expect(scene?.tags.length).toBeGreaterThan(0);
    expect(scene?.paths.screenshot).toContain('/scene/7/screenshot');
    expect(await client.findScene('9999')).toBeUndefined();
  });

  it('pages scenes updated after a time, oldest first, without gaps or repeats', async () => {
    const client = createStashClient({ url, apiKey });
    await sim.editScene('5', { title: 'Edited five' });
    const seen: string[] = [];
    for (let page = 1; ; page++) {
      const result = await client.findScenesSince({ since: '2000-01-01T00:00:00Z', page, perPage: 7 });
      seen.push(...result.scenes.map((s) => s.id));
      if (result.scenes.length < 7) break;
    }
    expect(new Set(seen).size).toBe(60);
    expect(seen.at(-1)).toBe('5');
    const edited = sim.world.scenes.get('5');
    const since = await client.findScenesSince({
      since: new Date(Date.parse(edited?.updatedAt ?? '') - 1).toISOString(),
      page: 1,
      perPage: 50,
    });
    expect(since.scenes.map((s) => s.id)).toEqual(['5']);
  });

  it('finds a scene by its exact file path', async () => {
    const client = createStashClient({ url, apiKey });
    const path = sim.world.scenes.get('12')?.path ?? '';
    expect((await client.findScenesByPath(path)).map((s) => s.id)).toEqual(['12']);
    expect(await client.findScenesByPath(`${path}.missing`)).toEqual([]);
  });

  it('sees a running scan as busy, and a finished one not', async () => {
    const client = createStashClient({ url, apiKey });
    expect(await client.busy()).toBeUndefined();
    const job = sim.world.addJob('Scanning...');
    expect((await client.busy())?.id).toBe(job.id);
    job.status = 'FINISHED';
    expect(await client.busy()).toBeUndefined();
  });

  it('downloads the screenshot with the API key; without it Stash answers 401', async () => {
    const client = createStashClient({ url, apiKey });
    const scene = await client.findScene('3');
    const image = await client.image(scene?.paths.screenshot ?? '');
    expect(image.contentType).toBe('image/png');
    expect(image.bytes.subarray(1, 4).toString()).toBe('PNG');
    const anonymous = createStashClient({ url });
    await expect(anonymous.findScene('3')).rejects.toBeInstanceOf(HttpError);
    await expect(anonymous.image(scene?.paths.screenshot ?? '')).rejects.toMatchObject({ status: 401 });
  });

  it('reports GraphQL errors with the operation', async () => {
    const client = createStashClient({ url, apiKey });
    await expect(client.findScenesSince({ since: 'yesterday', page: 1, perPage: 5 })).rejects.toBeInstanceOf(StashGraphqlError);
  });
});

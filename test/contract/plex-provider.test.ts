import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBridgeServer } from '../../src/bridge/server';
import { ConfigError, parseConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import {
  customProviderProblems,
  fullMetadataContainerSchema,
  imagesContainerSchema,
  matchRequestSchema,
  mediaProviderSchema,
  metadataContainerSchema,
  ratingKeyOfGuid,
} from '../../src/providers/plex/metadata-provider';
import { type Simulator, startSimulator } from '../../src/sim';
import { stashProviderSections } from '../../src/sim/stash/provider-config';
import { fixturesDir } from '../support/fixtures';

const fixture = (name: string) => JSON.parse(readFileSync(join(fixturesDir, 'plex-provider', name), 'utf8'));
const identifier = 'tv.plex.agents.custom.watchsync.stash';

describe("Plex's provider documentation examples parse with the provider's schemas", () => {
  it.each([
    ['provider-manifest.doc-example.json', mediaProviderSchema],
    ['match-request.season.doc-example.json', matchRequestSchema],
    ['match-response.season.doc-example.json', metadataContainerSchema],
    ['metadata-response.movie.doc-example.json', fullMetadataContainerSchema],
    ['metadata-response.movie.doc-example.json', metadataContainerSchema],
    ['images-response.doc-example.json', imagesContainerSchema],
  ] as const)('%s', (name, schema) => {
    const parsed = schema.safeParse(fixture(name));
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('the schemas reject what the documentation forbids', () => {
    const manifest = fixture('provider-manifest.doc-example.json');
    manifest.MediaProvider.Feature = manifest.MediaProvider.Feature.filter((f: { type: string }) => f.type !== 'match');
    expect(mediaProviderSchema.safeParse(manifest).success).toBe(false);
    const metadata = fixture('metadata-response.movie.doc-example.json');
    metadata.MediaContainer.size = 2;
    expect(metadataContainerSchema.safeParse(metadata).success).toBe(false);
    delete metadata.MediaContainer.Metadata[0].originallyAvailableAt;
    expect(fullMetadataContainerSchema.safeParse(metadata).success).toBe(false);
    expect(matchRequestSchema.safeParse({ type: 7, title: 'x' }).success).toBe(false);
  });

  it("the doc's manifest breaks the custom-provider rules it states itself (no .custom. segment, plex:// guids)", () => {
    const manifest = mediaProviderSchema.parse(fixture('provider-manifest.doc-example.json'));
    expect(customProviderProblems({ manifest }, manifest.MediaProvider.identifier)).toContainEqual(
      expect.stringContaining('must be tv.plex.agents.custom.'),
    );
    const container = metadataContainerSchema.parse(fixture('metadata-response.movie.doc-example.json'));
    expect(customProviderProblems({ container }, identifier)).toContainEqual(expect.stringContaining('guid plex://movie/'));
  });
});

describe('identifier and guid rules', () => {
  it.each(['watchsync', 'watchsync.stash', 'a1.B2.c3'])('suffix %s is accepted', (suffix) => {
    expect(parseConfig({ plex_provider: { identifier_suffix: suffix } }).plex_provider.identifier_suffix).toBe(suffix);
  });
  it.each(['watchsync-stash', 'watch sync', '.stash', 'stash.', 'a..b', 'stäsh', ''])(
    'suffix %j is a config error naming the key',
    (suffix) => {
      expect(() => parseConfig({ plex_provider: { identifier_suffix: suffix } })).toThrow(ConfigError);
      expect(() => parseConfig({ plex_provider: { identifier_suffix: suffix } })).toThrow(/plex_provider\.identifier_suffix/);
    },
  );
  it('a guid names this provider, a known type and a ratingKey of letters, digits, - and _', () => {
    expect(ratingKeyOfGuid(identifier, `${identifier}://movie/123`)).toBe('123');
    expect(ratingKeyOfGuid(identifier, `${identifier}://movie/a_b-9`)).toBe('a_b-9');
    expect(ratingKeyOfGuid(identifier, 'plex://movie/123')).toBeUndefined();
    expect(ratingKeyOfGuid(identifier, `${identifier}://film/123`)).toBeUndefined();
    expect(ratingKeyOfGuid(identifier, `${identifier}://movie/12 3`)).toBeUndefined();
    expect(ratingKeyOfGuid(identifier, `${identifier}://movie/1/2`)).toBeUndefined();
  });
});

describe("the provider's answers pass the same schemas and the custom-provider rules", () => {
  let sim: Simulator;
  let app: FastifyInstance;
  const prefix = '/plex-provider';

  beforeAll(async () => {
    sim = await startSimulator({ size: 'tiny', stash: { scenes: 12 } });
    const config = parseConfig(stashProviderSections(sim));
    app = await createBridgeServer({ config, log: createLogger({ level: 'silent' }) });
  });
  afterAll(async () => {
    await app.close();
    await sim.close();
  });

  it('manifest', async () => {
    const answer = await app.inject({ method: 'GET', url: prefix });
    expect(answer.statusCode).toBe(200);
    const manifest = mediaProviderSchema.parse(answer.json());
    expect(manifest.MediaProvider).toMatchObject({
      identifier,
      Types: [{ type: 1, Scheme: [{ scheme: identifier }] }],
      Feature: expect.arrayContaining([
        { type: 'metadata', key: `${prefix}/library/metadata` },
        { type: 'match', key: `${prefix}/library/metadata/matches` },
      ]),
    });
    expect(customProviderProblems({ manifest }, identifier)).toEqual([]);
  });

  it('match (best and manual) and metadata and images', async () => {
    const body = { type: 1, title: 'scene-00003', filename: `${sim.stash!.world.scenes.get('3')!.path.split('/').slice(3).join('/')}` };
    for (const manual of [0, 1]) {
      const answer = await app.inject({ method: 'POST', url: `${prefix}/library/metadata/matches`, payload: { ...body, manual } });
      expect(answer.statusCode).toBe(200);
      const container = metadataContainerSchema.parse(answer.json());
      expect(customProviderProblems({ container }, identifier)).toEqual([]);
      expect(container.MediaContainer.Metadata?.[0]).toMatchObject({ guid: `${identifier}://movie/3`, score: 100 });
    }
    const metadata = await app.inject({ method: 'GET', url: `${prefix}/library/metadata/3` });
    const full = fullMetadataContainerSchema.parse(metadata.json());
    expect(customProviderProblems({ container: full }, identifier)).toEqual([]);
    const images = await app.inject({ method: 'GET', url: `${prefix}/library/metadata/3/images` });
    expect(imagesContainerSchema.parse(images.json()).MediaContainer.Image?.map((i) => i.type)).toEqual(['coverPoster', 'background']);
  });
});

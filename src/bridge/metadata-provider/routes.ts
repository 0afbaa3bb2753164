/**
 * The Plex custom metadata provider (Plex's Custom Metadata Providers API 1.2.0, DESIGN.md §7), served by the
 * bridge under a prefix: the manifest at the root, match and metadata (with images) as its features, and an image
 * proxy that adds Stash's API key. Bad requests get 400 with the reason, unknown scenes 404, and a Stash that is
 * down or slow a quick 503, so Plex's scan moves on instead of hanging.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type PathRules, plexToLocal } from '../../domain/path-mapping';
import { baseName, hashesInName, plexPathCandidates, type RankedScene, rankScenes } from '../../domain/plex-provider/match';
import type { Logger } from '../../log';
import { HttpError } from '../../providers/http';
import {
  type MatchRequest,
  type MediaProvider,
  type MetadataContainer,
  matchRequestSchema,
  metadataTypeNumbers,
  type ProviderMetadata,
  ratingKeyOfGuid,
  ratingKeyPattern,
} from '../../providers/plex/metadata-provider';
import type { StashClient, StashScene } from '../../providers/stash';
import { InvalidInputError } from '../events';
import { type SceneMetadataContext, sceneImages, sceneMatch, sceneMetadata } from './scene-metadata';
import { type StashReads, StashUnavailableError } from './stash-reads';

/** What the provider tells the gap records: a file Plex has that no scene has, or files that matched. */
export interface GapRecorder {
  unmatched(file: { plexPath: string; filename: string; title?: string }): Promise<void>;
  matched(plexPaths: readonly string[]): Promise<void>;
}

export interface MetadataProviderOptions {
  identifier: string;
  title: string;
  version: string;
  /** Where the provider is served, e.g. `/plex-provider`. */
  prefix: string;
  /** How Plex reaches the bridge (image URLs); the request's own host when absent. */
  publicUrl?: string;
  libraryRoots: readonly string[];
  /** Plex path → Stash path (`stash.path_mappings`). */
  pathRules: PathRules;
  reads: StashReads;
  /** For image bytes (never cached). */
  stash: Pick<StashClient, 'image'>;
  stashUrl: string;
  gaps?: GapRecorder;
  log: Logger;
}

export const providerFeatureKeys = { metadata: '/library/metadata', match: '/library/metadata/matches' } as const;
const defaultPageSize = 20;

export function manifest(options: Pick<MetadataProviderOptions, 'identifier' | 'title' | 'version' | 'prefix'>): MediaProvider {
  return {
    MediaProvider: {
      identifier: options.identifier,
      title: options.title,
      version: options.version,
      Types: [{ type: metadataTypeNumbers.movie, Scheme: [{ scheme: options.identifier }] }],
      Feature: [
        { type: 'metadata', key: `${options.prefix}${providerFeatureKeys.metadata}` },
        { type: 'match', key: `${options.prefix}${providerFeatureKeys.match}` },
      ],
    },
  };
}

type Headers = FastifyRequest['headers'];
type Query = Record<string, string | undefined>;

/** A common request header, which Plex may send as a header or as a query parameter of the same name. */
function common(headers: Headers, query: Query, name: string): string | undefined {
  const value = headers[name.toLowerCase()] ?? query[name];
  return Array.isArray(value) ? value[0] : value;
}

function paging(headers: Headers, query: Query): { start: number; size: number } {
  const read = (name: string, fallback: number, min: number) => {
    const raw = common(headers, query, name);
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min)
      throw new InvalidInputError(`${name} must be an integer ≥ ${min}, got ${JSON.stringify(raw)}`, 400);
    return Number(raw);
  };
  return { start: read('X-Plex-Container-Start', 0, 0), size: read('X-Plex-Container-Size', defaultPageSize, 1) };
}

/** Stash has one language: every X-Plex-Language gets the same answer, but a malformed tag is a malformed request. */
function checkLanguage(headers: Headers, query: Query): void {
  const language = common(headers, query, 'X-Plex-Language');
  if (language !== undefined && !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(language))
    throw new InvalidInputError(`X-Plex-Language must be an IETF language tag like en-US, got ${JSON.stringify(language)}`, 400);
}

function page<T>(items: readonly T[], at: { start: number; size: number }) {
  return { offset: at.start, totalSize: items.length, items: items.slice(at.start, at.start + at.size) };
}

export async function registerMetadataProvider(app: FastifyInstance, options: MetadataProviderOptions): Promise<void> {
  const { identifier, reads, log } = options;
  const metadataKey = `${options.prefix}${providerFeatureKeys.metadata}`;
  const context = (req: FastifyRequest): SceneMetadataContext => ({
    identifier,
    metadataKey,
    imageBase: `${options.publicUrl?.replace(/\/+$/, '') ?? `${req.protocol}://${req.host}`}${options.prefix}/images`,
  });
  const container = (offset: number, totalSize: number, Metadata: ProviderMetadata[]): MetadataContainer => ({
    MediaContainer: { offset, totalSize, identifier, size: Metadata.length, Metadata },
  });

  /** Stash down or slow: 503 at once with the reason (Plex retries the item on its next refresh). */
  const unavailable = (reply: FastifyReply, error: unknown) => {
    if (!(error instanceof StashUnavailableError)) throw error;
    log.warn({ err: error.message }, 'metadata provider: Stash unavailable');
    return reply
      .code(503)
      .header('retry-after', '30')
      .send({ error: `Stash is unavailable: ${error.message}` });
  };

  async function candidates(hints: MatchRequest): Promise<{ ranked: RankedScene[]; scenes: Map<string, StashScene>; plexPaths: string[] }> {
    const scenes = new Map<string, StashScene>();
    const ids = (found: Array<StashScene | undefined>) =>
      found.flatMap((scene) => {
        if (!scene) return [];
        scenes.set(scene.id, scene);
        return [scene.id];
      });
    const own = hints.guid ? ratingKeyOfGuid(identifier, hints.guid) : undefined;
    if (own) {
      const ranked = ids([await reads.scene(own)]).map((sceneId) => ({ sceneId, score: 100, way: 'path' as const }));
      if (ranked.length > 0) return { ranked, scenes, plexPaths: [] };
    }
    if (!hints.filename) return { ranked: [], scenes, plexPaths: [] };
    const plexPaths = plexPathCandidates(hints.filename, options.libraryRoots);
    const stashPaths = [...new Set(plexPaths.map((path) => plexToLocal(options.pathRules, path).path))];
    const path = ids((await Promise.all(stashPaths.map(reads.byPath))).flat());
    if (path.length > 0) return { ranked: rankScenes({ path }), scenes, plexPaths };
    const name = baseName(hints.filename);
    const hashes = hashesInName(name);
    const [hash, basename] = await Promise.all([
      Promise.all([...hashes.oshash.map(reads.byOshash), ...hashes.md5.map(reads.byMd5)]).then((found) => ids(found.flat())),
      reads.byFileName(name).then(ids),
    ]);
    return { ranked: rankScenes({ hash, basename }), scenes, plexPaths };
  }

  async function recordGap(work: () => Promise<void>) {
    try {
      await work();
    } catch (error) {
      // The answer to Plex does not depend on the record; the next comparison finds the gap again.
      log.error({ err: error }, 'metadata provider: recording a gap failed');
    }
  }

  await app.register(
    async (provider) => {
      provider.get('/', async () => manifest(options));

      provider.post<{ Body: unknown; Querystring: Query }>(providerFeatureKeys.match, async (req, reply) => {
        checkLanguage(req.headers, req.query);
        const at = paging(req.headers, req.query);
        if (!isObject(req.body)) throw new InvalidInputError('the match request needs a JSON object body', 400);
        const parsed = matchRequestSchema.safeParse(req.body);
        if (!parsed.success)
          throw new InvalidInputError(
            `malformed match request: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ')}`,
            400,
          );
        const hints = parsed.data;
        // Only movies are offered (the manifest's Types), and every scene counts as adult content.
        if (hints.type !== metadataTypeNumbers.movie || hints.includeAdult === 0) return container(0, 0, []);
        let found: Awaited<ReturnType<typeof candidates>>;
        try {
          found = await candidates(hints);
        } catch (error) {
          return unavailable(reply, error);
        }
        const { ranked, scenes, plexPaths } = found;
        if (plexPaths.length > 0) {
          const filename = hints.filename as string;
          const plexPath = plexPaths[0] as string;
          await recordGap(() =>
            ranked.length === 0
              ? (options.gaps?.unmatched({ plexPath, filename, title: hints.title }) ?? Promise.resolve())
              : (options.gaps?.matched(plexPaths) ?? Promise.resolve()),
          );
        }
        const ctx = context(req);
        const answer = ranked.map((r) => sceneMatch(ctx, scenes.get(r.sceneId) as StashScene, r.score));
        if (hints.manual !== 1) return container(0, Math.min(answer.length, 1), answer.slice(0, 1));
        const { offset, totalSize, items } = page(answer, at);
        return container(offset, totalSize, items);
      });

      provider.get<{ Params: { ratingKey: string }; Querystring: Query }>(
        `${providerFeatureKeys.metadata}/:ratingKey`,
        async (req, reply) => {
          const scene = await requestedScene(req, reply);
          if (!scene || !('id' in scene)) return scene;
          const at = paging(req.headers, req.query);
          return container(at.start, 1, at.start === 0 ? [sceneMetadata(context(req), scene)] : []);
        },
      );

      provider.get<{ Params: { ratingKey: string }; Querystring: Query }>(
        `${providerFeatureKeys.metadata}/:ratingKey/images`,
        async (req, reply) => {
          const scene = await requestedScene(req, reply);
          if (!scene || !('id' in scene)) return scene;
          const { offset, totalSize, items } = page(sceneImages(context(req), scene), paging(req.headers, req.query));
          return { MediaContainer: { offset, totalSize, identifier, size: items.length, Image: items } };
        },
      );

      async function requestedScene(req: FastifyRequest<{ Params: { ratingKey: string }; Querystring: Query }>, reply: FastifyReply) {
        checkLanguage(req.headers, req.query);
        const { ratingKey } = req.params;
        if (!ratingKeyPattern.test(ratingKey))
          throw new InvalidInputError(`ratingKey ${JSON.stringify(ratingKey)} may only hold letters, digits, - and _`, 400);
        try {
          const scene = await reads.scene(ratingKey);
          return scene ?? reply.code(404).send({ error: `no Stash scene ${ratingKey}` });
        } catch (error) {
          return unavailable(reply, error);
        }
      }

      const proxy = (stashPath: (id: string) => string) => async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
        if (!/^\d+$/.test(req.params.id)) throw new InvalidInputError(`not a Stash id: ${JSON.stringify(req.params.id)}`, 400);
        try {
          const image = await options.stash.image(`${options.stashUrl.replace(/\/+$/, '')}${stashPath(req.params.id)}`);
          return reply.type(image.contentType).header('cache-control', 'max-age=3600').send(image.bytes);
        } catch (error) {
          if (error instanceof HttpError && error.status === 404) return reply.code(404).send({ error: 'Stash has no such image' });
          return unavailable(
            reply,
            error instanceof HttpError || error instanceof Error ? new StashUnavailableError('image', error) : error,
          );
        }
      };
      provider.get(
        '/images/scenes/:id/screenshot',
        proxy((id) => `/scene/${id}/screenshot`),
      );
      provider.get(
        '/images/performers/:id',
        proxy((id) => `/performer/${id}/image`),
      );
    },
    { prefix: options.prefix },
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

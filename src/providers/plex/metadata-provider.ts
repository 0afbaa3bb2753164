/**
 * Plex's "Custom Metadata Providers" API (1.2.0): the payloads Plex and a provider exchange, as zod schemas. Plex's
 * own documentation examples (../shared/fixtures/plex-provider) parse with these, and so must every answer
 * watchsync's provider gives (test/contract/plex-provider.test.ts). The structure is checked here; the rules that
 * only a custom provider must follow (the `tv.plex.agents.custom.` identifier, guids in its scheme, ratingKey
 * characters) are `customProviderProblems`, since Plex's own examples use Plex's identifier and `plex://` guids.
 */
import { z } from 'zod';
import {
  customIdentifierPattern,
  customIdentifierPrefix,
  providerGuid,
  ratingKeyOfGuid,
  ratingKeyPattern,
} from '../../domain/plex-provider/identifier';

export { customIdentifierPattern, customIdentifierPrefix, providerGuid, ratingKeyOfGuid, ratingKeyPattern };

/** Metadata types by number (the manifest's `Types`, the match request's `type`). */
export const metadataTypeNumbers = { movie: 1, show: 2, season: 3, episode: 4, collection: 18 } as const;
export type MetadataTypeName = keyof typeof metadataTypeNumbers;
const typeNames = Object.keys(metadataTypeNumbers) as [MetadataTypeName, ...MetadataTypeName[]];

export const mediaProviderSchema = z.object({
  MediaProvider: z.object({
    identifier: z.string().min(1),
    title: z.string().min(1),
    version: z.string().optional(),
    Types: z.array(
      z.object({
        type: z.number().int(),
        Scheme: z.array(z.object({ scheme: z.string().min(1) })).min(1),
      }),
    ),
    Feature: z
      .array(z.object({ type: z.string().min(1), key: z.string().startsWith('/') }))
      .refine((features) => ['metadata', 'match'].every((t) => features.some((f) => f.type === t)), {
        message: 'a provider must offer the metadata and match features',
      }),
  }),
});
export type MediaProvider = z.infer<typeof mediaProviderSchema>;

/** 0/1 flags arrive as numbers in JSON bodies and as strings in query parameters. */
const flag = z.union([z.literal(0), z.literal(1), z.enum(['0', '1']).transform((v) => Number(v) as 0 | 1)]);

/** The JSON body Plex POSTs to the match feature. Unknown hints are kept (Plex adds some over time). */
export const matchRequestSchema = z
  .object({
    type: z
      .number()
      .int()
      .refine((n) => Object.values(metadataTypeNumbers).includes(n as 1), 'not a Plex metadata type'),
    title: z.string().optional(),
    parentTitle: z.string().optional(),
    grandparentTitle: z.string().optional(),
    year: z.number().int().optional(),
    guid: z.string().optional(),
    index: z.number().int().optional(),
    parentIndex: z.number().int().optional(),
    /** The media file's path relative to its library folder (the first file, for shows and seasons). */
    filename: z.string().min(1).optional(),
    date: z.string().optional(),
    manual: flag.optional(),
    includeAdult: flag.optional(),
    includeChildren: flag.optional(),
    episodeOrder: z.string().optional(),
    includeElements: z.string().optional(),
    includeFields: z.string().optional(),
    excludeElements: z.string().optional(),
    excludeFields: z.string().optional(),
  })
  .passthrough();
export type MatchRequest = z.infer<typeof matchRequestSchema>;

const tag = z.object({ tag: z.string().min(1) });
const person = tag.extend({
  thumb: z.string().optional(),
  role: z.string().optional(),
  order: z.number().int().optional(),
});
export const imageSchema = z.object({
  type: z.enum(['background', 'backgroundSquare', 'clearLogo', 'coverPoster', 'snapshot']),
  url: z.url(),
  alt: z.string().optional(),
});

/**
 * A Metadata object. Match answers may be trimmed to a few fields (`includeFields`), so only guid and type are
 * required here; `fullMetadataSchema` adds what a metadata answer must carry.
 */
const metadataBase = z
  .object({
    guid: z.string().regex(/^[a-zA-Z0-9.]+:\/\/[a-z]+\/[a-zA-Z0-9_-]+$/, 'guid must be {scheme}://{type}/{ratingKey}'),
    type: z.enum(typeNames),
    ratingKey: z.string().regex(ratingKeyPattern).optional(),
    key: z.string().startsWith('/').optional(),
    title: z.string().optional(),
    originallyAvailableAt: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
      .optional(),
    year: z.number().int().optional(),
    thumb: z.string().optional(),
    art: z.string().optional(),
    summary: z.string().optional(),
    tagline: z.string().optional(),
    studio: z.string().optional(),
    contentRating: z.string().optional(),
    duration: z.number().int().nonnegative().optional(),
    isAdult: z.boolean().optional(),
    index: z.number().int().optional(),
    parentTitle: z.string().optional(),
    parentThumb: z.string().optional(),
    parentGuid: z.string().optional(),
    /** watchsync's confidence in a match answer (0–100); Plex ignores fields it does not know. */
    score: z.number().min(0).max(100).optional(),
    Image: z.array(imageSchema).optional(),
    Genre: z.array(tag).optional(),
    Guid: z.array(z.object({ id: z.string().regex(/^[a-z0-9_.-]+:\/\/.+$/i, 'provider://id') })).optional(),
    Rating: z.array(z.object({ image: z.string(), type: z.enum(['audience', 'critic']), value: z.number().min(0).max(10) })).optional(),
    Collection: z.array(tag.extend({ guid: z.string(), key: z.string() }).passthrough()).optional(),
    Country: z.array(tag).optional(),
    Role: z.array(person).optional(),
    Director: z.array(person).optional(),
    Producer: z.array(person).optional(),
    Writer: z.array(person).optional(),
    Similar: z.array(z.object({ guid: z.string(), tag: z.string().optional() })).optional(),
    Studio: z.array(tag).optional(),
  })
  .passthrough();

type MetadataBase = z.infer<typeof metadataBase>;
export type ProviderMetadata = MetadataBase & { Children?: { size: number; Metadata: ProviderMetadata[] } };
export const metadataSchema: z.ZodType<ProviderMetadata> = metadataBase.extend({
  Children: z.lazy(() => z.object({ size: z.number().int(), Metadata: z.array(metadataSchema) })).optional(),
}) as z.ZodType<ProviderMetadata>;

/** What a metadata answer's item must carry (the doc's required core attributes). */
export const fullMetadataSchema = metadataBase.required({
  ratingKey: true,
  key: true,
  title: true,
  originallyAvailableAt: true,
});

const containerFields = {
  offset: z.number().int().nonnegative(),
  totalSize: z.number().int().nonnegative(),
  identifier: z.string().min(1),
  size: z.number().int().nonnegative(),
};
const sizeMatches = (c: { size: number; totalSize: number }, items: readonly unknown[] | undefined) =>
  c.size === (items?.length ?? 0) && c.size <= c.totalSize;

export const metadataContainerSchema = z.object({
  MediaContainer: z
    .object({ ...containerFields, Metadata: z.array(metadataSchema).optional() })
    .refine((c) => sizeMatches(c, c.Metadata), { message: 'size must count the Metadata entries (and not exceed totalSize)' }),
});
export type MetadataContainer = z.infer<typeof metadataContainerSchema>;

/** A metadata answer: a container whose items are full Metadata objects. */
export const fullMetadataContainerSchema = z.object({
  MediaContainer: z.object({ ...containerFields, Metadata: z.array(fullMetadataSchema) }),
});

export const imagesContainerSchema = z.object({
  MediaContainer: z
    .object({ ...containerFields, Image: z.array(imageSchema).optional() })
    .refine((c) => sizeMatches(c, c.Image), { message: 'size must count the Image entries (and not exceed totalSize)' }),
});
export type ImagesContainer = z.infer<typeof imagesContainerSchema>;

/**
 * What breaks the rules a custom provider must follow beyond the structure: its identifier, the scheme of its
 * types and of every guid it answers, and ratingKey characters. Empty when the answer is valid.
 */
export function customProviderProblems(answer: { manifest?: MediaProvider; container?: MetadataContainer }, identifier: string): string[] {
  const problems: string[] = [];
  if (!customIdentifierPattern.test(identifier))
    problems.push(`identifier ${identifier} must be ${customIdentifierPrefix}<letters, digits, periods>`);
  const manifest = answer.manifest?.MediaProvider;
  if (manifest) {
    if (manifest.identifier !== identifier) problems.push(`manifest identifier ${manifest.identifier} is not ${identifier}`);
    for (const t of manifest.Types)
      for (const s of t.Scheme) if (s.scheme !== identifier) problems.push(`type ${t.type} scheme ${s.scheme} is not the identifier`);
  }
  const container = answer.container?.MediaContainer;
  if (container) {
    if (container.identifier !== identifier) problems.push(`container identifier ${container.identifier} is not ${identifier}`);
    for (const item of container.Metadata ?? []) {
      const key = ratingKeyOfGuid(identifier, item.guid);
      if (key === undefined) problems.push(`guid ${item.guid} is not ${identifier}://{type}/{ratingKey}`);
      else if (item.ratingKey !== undefined && item.ratingKey !== key)
        problems.push(`guid ${item.guid} does not end in ratingKey ${item.ratingKey}`);
    }
  }
  return problems;
}

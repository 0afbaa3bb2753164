import { z } from 'zod';

/** The kinds of things watchsync moves between services. */
export const mediaTypes = ['movie', 'show', 'season', 'episode'] as const;
export type MediaType = (typeof mediaTypes)[number];

/** External IDs. Strings for imdb/slug/plex, integers for the numeric databases. */
export const externalIdsSchema = z
  .object({
    imdb: z
      .string()
      .regex(/^tt\d+$/, 'imdb id must look like tt1234567')
      .optional(),
    tmdb: z.number().int().positive().optional(),
    tvdb: z.number().int().positive().optional(),
    trakt: z.number().int().positive().optional(),
    slug: z.string().min(1).optional(),
    plex: z.string().min(1).optional(),
  })
  .strict();
export type ExternalIds = z.infer<typeof externalIdsSchema>;

/** The IDs that identify the same title across services; `slug` and `plex` do not. */
export const strongIdKeys = ['tmdb', 'imdb', 'tvdb', 'trakt'] as const;
export type StrongIdKey = (typeof strongIdKeys)[number];

/** DESIGN.md §3: the smallest description of a title that both sides understand. */
export const minimalItemSchema = z
  .object({
    type: z.enum(mediaTypes),
    title: z.string().optional(),
    year: z.number().int().optional(),
    ids: externalIdsSchema,
    show_ids: externalIdsSchema.optional(),
    season: z.number().int().nonnegative().optional(),
    episode: z.number().int().nonnegative().optional(),
  })
  .strict();
export type MinimalItem = z.infer<typeof minimalItemSchema>;

/** ISO-8601 UTC with milliseconds, e.g. 2014-09-01T09:10:11.000Z. */
export const isoUtcSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'expected ISO-8601 UTC like 2014-09-01T09:10:11.000Z');
export type IsoUtc = z.infer<typeof isoUtcSchema>;

export const watchlistEntrySchema = z.object({ item: minimalItemSchema, listed_at: isoUtcSchema.optional() });
export type WatchlistEntry = z.infer<typeof watchlistEntrySchema>;

export const ratingSchema = z.object({
  item: minimalItemSchema,
  rating: z.number().int().min(1).max(10),
  rated_at: isoUtcSchema.optional(),
});
export type Rating = z.infer<typeof ratingSchema>;

export const playSchema = z.object({ item: minimalItemSchema, watched_at: isoUtcSchema });
export type Play = z.infer<typeof playSchema>;

export const features = ['history', 'ratings', 'watchlist'] as const;
export type Feature = (typeof features)[number];

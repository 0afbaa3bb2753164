import { z } from 'zod';

/**
 * Zod schemas of the Trakt API payloads watchsync reads (api.trakt.tv, auth.trakt.tv).
 * Lenient where Trakt is (nullable ids, extra keys, older doc shapes), strict where a wrong value would
 * corrupt a sync: id types, ISO timestamps, rating 1–10, history ids.
 */

/** Trakt timestamps: ISO-8601 UTC, usually with millis (`2014-09-01T09:10:11.000Z`). */
export const traktDateTimeSchema = z.iso.datetime({ offset: true });

const positiveInt = z.number().int().positive();
const count = z.number().int().nonnegative();

/** Trakt sends `""` for a missing imdb id in some payloads; treat it as absent. */
const imdbIdSchema = z.preprocess(
  (v) => (v === '' ? null : v),
  z
    .string()
    .regex(/^tt\d+$/, 'imdb id must look like tt1234567')
    .nullish(),
);

/** `ids` of any media object; every id may be null or missing, none may have the wrong type. */
export const traktIdsSchema = z.looseObject({
  trakt: positiveInt.nullish(),
  slug: z.string().nullish(),
  imdb: imdbIdSchema,
  tmdb: positiveInt.nullish(),
  tvdb: positiveInt.nullish(),
  tvrage: positiveInt.nullish(),
});
export type TraktIds = z.infer<typeof traktIdsSchema>;

export const traktMovieSchema = z.looseObject({
  title: z.string().nullish(),
  year: z.number().int().nullish(),
  ids: traktIdsSchema,
});
export type TraktMovie = z.infer<typeof traktMovieSchema>;

export const traktShowSchema = traktMovieSchema;
export type TraktShow = z.infer<typeof traktShowSchema>;

export const traktSeasonSchema = z.looseObject({
  number: z.number().int().nonnegative(),
  ids: traktIdsSchema,
});
export type TraktSeason = z.infer<typeof traktSeasonSchema>;

/** `season`/`number` are in Trakt's numbering, which can differ from Plex's. */
export const traktEpisodeSchema = z.looseObject({
  season: z.number().int().nonnegative(),
  number: z.number().int().nonnegative(),
  title: z.string().nullish(),
  ids: traktIdsSchema,
});
export type TraktEpisode = z.infer<typeof traktEpisodeSchema>;

export const traktMediaTypeSchema = z.enum(['movie', 'show', 'season', 'episode']);
export type TraktMediaType = z.infer<typeof traktMediaTypeSchema>;

/** The media object(s) a typed row carries: the one named by `type`, plus `show` for seasons and episodes. */
const mediaFields = {
  movie: traktMovieSchema.optional(),
  show: traktShowSchema.optional(),
  season: traktSeasonSchema.optional(),
  episode: traktEpisodeSchema.optional(),
};

type TypedMediaRow = { type: TraktMediaType } & { [K in TraktMediaType]?: unknown };

function requireMediaOfType(row: TypedMediaRow, ctx: z.core.$RefinementCtx): void {
  if (row[row.type] === undefined)
    ctx.addIssue({ code: 'custom', message: `a ${row.type} row must carry "${row.type}"`, path: [row.type] });
  if ((row.type === 'season' || row.type === 'episode') && row.show === undefined) {
    ctx.addIssue({ code: 'custom', message: `a ${row.type} row must carry "show"`, path: ['show'] });
  }
}

/** GET /sync/history/{type}: one play. `id` is a 64-bit history id (still below 2^53 in practice). */
export const traktHistoryItemSchema = z
  .looseObject({
    id: positiveInt,
    watched_at: traktDateTimeSchema,
    action: z.enum(['scrobble', 'checkin', 'watch']),
    type: z.enum(['movie', 'episode']),
    ...mediaFields,
  })
  .superRefine(requireMediaOfType);
export type TraktHistoryItem = z.infer<typeof traktHistoryItemSchema>;

export const traktRatingValueSchema = z.number().int().min(1).max(10);

/** GET /sync/ratings/{type}. */
export const traktRatingItemSchema = z
  .looseObject({
    rated_at: traktDateTimeSchema,
    rating: traktRatingValueSchema,
    type: traktMediaTypeSchema,
    ...mediaFields,
  })
  .superRefine(requireMediaOfType);
export type TraktRatingItem = z.infer<typeof traktRatingItemSchema>;

const watchlistBase = { listed_at: traktDateTimeSchema, type: traktMediaTypeSchema, ...mediaFields };

/** GET /sync/watchlist, current shape: list item id, rank and notes (VIP, else null). */
export const traktWatchlistItemSchema = z
  .looseObject({ ...watchlistBase, rank: positiveInt, id: positiveInt, notes: z.string().nullable() })
  .superRefine(requireMediaOfType);
export type TraktWatchlistItem = z.infer<typeof traktWatchlistItemSchema>;

/** Older documented shape (listed_at, type, media only); accepted so an old mirror still parses. */
export const traktWatchlistItemLegacySchema = z.looseObject(watchlistBase).superRefine(requireMediaOfType);
export type TraktWatchlistItemLegacy = z.infer<typeof traktWatchlistItemLegacySchema>;

/** Either shape; normalisers read `rank`/`id`/`notes` only when present. */
export const traktAnyWatchlistItemSchema = z.union([traktWatchlistItemSchema, traktWatchlistItemLegacySchema]);
export type TraktAnyWatchlistItem = z.infer<typeof traktAnyWatchlistItemSchema>;

/** GET /sync/playback: paused playbacks. */
export const traktPlaybackItemSchema = z
  .looseObject({
    id: positiveInt,
    progress: z.number().min(0).max(100),
    paused_at: traktDateTimeSchema,
    type: z.enum(['movie', 'episode']),
    ...mediaFields,
  })
  .superRefine(requireMediaOfType);
export type TraktPlaybackItem = z.infer<typeof traktPlaybackItemSchema>;

const activityTime = traktDateTimeSchema.nullish();

/** GET /sync/last_activities. Only the timestamps watchsync compares are named; new sections are tolerated. */
export const traktLastActivitiesSchema = z.looseObject({
  all: traktDateTimeSchema,
  movies: z.looseObject({
    watched_at: activityTime,
    collected_at: activityTime,
    rated_at: activityTime,
    watchlisted_at: activityTime,
    paused_at: activityTime,
  }),
  episodes: z.looseObject({
    watched_at: activityTime,
    collected_at: activityTime,
    rated_at: activityTime,
    watchlisted_at: activityTime,
    paused_at: activityTime,
  }),
  shows: z.looseObject({ rated_at: activityTime, watchlisted_at: activityTime }),
  seasons: z.looseObject({ rated_at: activityTime, watchlisted_at: activityTime }),
  watchlist: z.looseObject({ updated_at: activityTime }).optional(),
});
export type TraktLastActivities = z.infer<typeof traktLastActivitiesSchema>;

const syncCountsSchema = z.looseObject({
  movies: count.optional(),
  shows: count.optional(),
  seasons: count.optional(),
  episodes: count.optional(),
});
export type TraktSyncCounts = z.infer<typeof syncCountsSchema>;

/** An unmatched input item, echoed back as it was sent (with its ids and any per-item fields). */
const notFoundItemSchema = z.looseObject({ ids: z.looseObject({}).optional() });

const notFoundSchema = z.looseObject({
  movies: z.array(notFoundItemSchema),
  shows: z.array(notFoundItemSchema),
  seasons: z.array(notFoundItemSchema),
  episodes: z.array(notFoundItemSchema),
  /** History removal by history id: the ids that matched nothing. */
  ids: z.array(positiveInt).optional(),
});
export type TraktNotFound = z.infer<typeof notFoundSchema>;

const listSummarySchema = z.looseObject({ item_count: count, updated_at: traktDateTimeSchema });

/** POST /sync/{history,ratings,watchlist,collection} → 201. `existing`/`updated`/`list` depend on the endpoint. */
export const traktSyncAddResponseSchema = z.looseObject({
  added: syncCountsSchema,
  existing: syncCountsSchema.optional(),
  updated: syncCountsSchema.optional(),
  not_found: notFoundSchema,
  list: listSummarySchema.optional(),
});
export type TraktSyncAddResponse = z.infer<typeof traktSyncAddResponseSchema>;

/** POST /sync/{history,ratings,watchlist,collection}/remove → 200. */
export const traktSyncRemoveResponseSchema = z.looseObject({
  deleted: syncCountsSchema,
  not_found: notFoundSchema,
  list: listSummarySchema.optional(),
});
export type TraktSyncRemoveResponse = z.infer<typeof traktSyncRemoveResponseSchema>;

/** POST /scrobble/{start,pause,stop} → 201. `id` is 0 on start and the history id of a scrobbling stop. */
export const traktScrobbleResponseSchema = z.looseObject({
  id: z.number().int().nonnegative(),
  action: z.enum(['start', 'pause', 'scrobble']),
  progress: z.number().min(0).max(100),
  sharing: z.record(z.string(), z.boolean()).optional(),
  movie: traktMovieSchema.optional(),
  show: traktShowSchema.optional(),
  episode: traktEpisodeSchema.optional(),
});
export type TraktScrobbleResponse = z.infer<typeof traktScrobbleResponseSchema>;

/** 409 from /scrobble/stop: the item was just scrobbled; it may be scrobbled again after `expires_at`. */
export const traktScrobbleConflictSchema = z.looseObject({ watched_at: traktDateTimeSchema, expires_at: traktDateTimeSchema });
export type TraktScrobbleConflict = z.infer<typeof traktScrobbleConflictSchema>;

/** GET /search/{id_type}/{id}: an array, empty when nothing matches. `score` is null for id lookups. */
export const traktSearchResultSchema = z.looseObject({
  type: z.enum(['movie', 'show', 'season', 'episode', 'person', 'list']),
  score: z.number().nullable(),
  ...mediaFields,
});
export const traktSearchResponseSchema = z.array(traktSearchResultSchema);
export type TraktSearchResult = z.infer<typeof traktSearchResultSchema>;

/** POST /oauth/device/code. */
export const traktDeviceCodeSchema = z.looseObject({
  device_code: z.string().min(1),
  user_code: z.string().min(1),
  verification_url: z.url(),
  expires_in: positiveInt,
  interval: positiveInt,
});
export type TraktDeviceCode = z.infer<typeof traktDeviceCodeSchema>;

/** POST /oauth/device/token and /oauth/token. `created_at` is epoch seconds; refresh tokens are single-use. */
export const traktTokenSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i),
  expires_in: positiveInt,
  refresh_token: z.string().min(1),
  scope: z.string(),
  created_at: positiveInt,
});
export type TraktToken = z.infer<typeof traktTokenSchema>;

/** OAuth error body (400 on /oauth/token, e.g. a reused refresh token). */
export const traktTokenErrorSchema = z.looseObject({ error: z.string(), error_description: z.string().optional() });
export type TraktTokenError = z.infer<typeof traktTokenErrorSchema>;

/** GET /users/settings: only what watchsync uses is named; `limits` drives the watchlist cap (420). */
export const traktUserSettingsSchema = z.looseObject({
  user: z.looseObject({
    username: z.string(),
    private: z.boolean().optional(),
    vip: z.boolean().optional(),
    ids: z.looseObject({ slug: z.string() }),
  }),
  account: z.looseObject({ timezone: z.string().nullish() }).optional(),
  limits: z
    .looseObject({
      list: z.looseObject({ count: count, item_count: count }).optional(),
      watchlist: z.looseObject({ item_count: count }),
      favorites: z.looseObject({ item_count: count }).optional(),
    })
    .nullish(),
});
export type TraktUserSettings = z.infer<typeof traktUserSettingsSchema>;

/** The `X-Ratelimit` response header (JSON) that comes with a 429. */
export const traktRateLimitHeaderSchema = z.looseObject({
  name: z.string(),
  period: positiveInt,
  limit: positiveInt,
  remaining: count,
  until: traktDateTimeSchema,
});
export type TraktRateLimitHeader = z.infer<typeof traktRateLimitHeaderSchema>;

import { z } from 'zod';
import { pathMappingRule } from './path-rules';

/**
 * Stash → Plex metadata push (DESIGN.md §7). Off until enabled; nothing is written to Plex before `stash.url`,
 * the Plex server and `bridge.stash_hook_secret` (for hooks) are set.
 */

const fieldToggles = z
  .object({
    title: z.boolean().default(true),
    sort_title: z.boolean().default(true),
    summary: z.boolean().default(true),
    date: z.boolean().default(true),
    studio: z.boolean().default(true),
    performers: z.boolean().default(true),
    tags: z.boolean().default(true),
    collection: z.boolean().default(true),
    rating: z.boolean().default(true),
    poster: z.boolean().default(true),
  })
  .strict();

export const stashSection = z
  .object({
    enabled: z.boolean().default(false),
    url: z.url().default('http://localhost:9999'),
    /** Stash → Settings → Security → API key (sent in the ApiKey header). */
    api_key: z.string().min(1).optional(),
    /** The Plex library section(s) holding the scenes (searched when matching); all movie sections when empty. */
    plex_section_ids: z.array(z.number().int().nonnegative()).default([]),
    /** Plex path ⇄ Stash path rules (the library import's path mapping, used from Stash to Plex). */
    path_mappings: z.array(pathMappingRule).default([]),
    /** A burst of edits within this quiet time is one push. */
    debounce_ms: z.number().int().min(0).max(600_000).default(3_000),
    /** While Stash runs a scan/generate/identify job, look again this often, for at most `job_wait_max_ms`. */
    job_poll_ms: z.number().int().min(100).max(600_000).default(5_000),
    job_wait_max_ms: z
      .number()
      .int()
      .min(0)
      .max(86_400_000)
      .default(30 * 60_000),
    /** A file Plex has not scanned yet: ask Plex to scan its folder, then retry for this long. */
    scan_missing: z.boolean().default(true),
    missing_retry_hours: z
      .number()
      .positive()
      .max(24 * 14)
      .default(6),
    /** Several Plex candidates for a scene: freeze it as ambiguous (strict) or take none either way. */
    strict_matching: z.boolean().default(true),
    fields: fieldToggles.default(fieldToggles.parse({})),
    /** Plex content rating written with every scene (e.g. "X"); none when absent. */
    content_rating: z.string().min(1).max(32).optional(),
    /** Only fill fields that are empty in Plex: never overwrite what someone edited there. */
    preserve_plex_edits: z.boolean().default(false),
    max_tags: z.number().int().min(0).max(500).default(50),
    /** Metadata writes dispatched per second to the PMS, across every worker. */
    plex_writes_per_second: z.number().positive().max(100).default(5),
    reconcile: z
      .object({
        every: z.enum(['never', 'hourly', 'daily', 'weekly']).default('daily'),
        scope: z.enum(['all', '24h', '7d']).default('7d'),
      })
      .strict()
      .default({ every: 'daily', scope: '7d' }),
  })
  .strict();

export type StashConfig = z.infer<typeof stashSection>;

import { z } from 'zod';
import { traktWriteIntervalMs } from '../domain/trakt-limits';
import { decodeSecretKey } from '../secrets';
import { pathMappingRule } from './path-rules';
import { plexProviderSection } from './provider-section';
import { stashSection } from './stash-section';

/**
 * The config file, one section per feature. Every section has safe defaults: nothing writes anywhere until
 * it is configured and switched on. Later features add their sections here.
 */

const url = z.url();
const secret = z.string().min(1);

/** Shannon entropy of a text's own character distribution, in bits per character. */
function bitsPerCharacter(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  const length = [...text].length;
  return [...counts.values()].reduce((bits, count) => bits - (count / length) * Math.log2(count / length), 0);
}

/**
 * A secret someone on the network must not guess (the webhook secret, the bridge's admin token): at least 16
 * characters, varied like random output (`openssl rand -hex 32` has ~3.9 bits per character; "changeme-changeme"
 * 2.9, "aaaa…" 0). The message never quotes the value.
 */
export const minSecretLength = 16;
const minSecretBitsPerCharacter = 3;
const strongSecret = z
  .string()
  .refine((value) => [...value].length >= minSecretLength && bitsPerCharacter(value) >= minSecretBitsPerCharacter, {
    message: `must be at least ${minSecretLength} random-looking characters (a long, varied string such as the output of \`openssl rand -hex 32\`)`,
  });
const port = z.number().int().min(0).max(65535);

export const temporalSection = z
  .object({
    address: z.string().min(1).default('localhost:7233'),
    namespace: z.string().min(1).default('default'),
    task_queue: z.string().min(1).default('watchsync'),
    /** Where people open the web UI; printed by the CLI. */
    ui_url: url.default('http://localhost:8233'),
  })
  .strict();

export const databaseSection = z
  .object({
    url: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .default('postgres://watchsync:watchsync@127.0.0.1:5432/watchsync'),
  })
  .strict();

export const logSection = z
  .object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') })
  .strict();

export const workerSection = z
  .object({
    /** How long in-flight activities may finish after SIGINT/SIGTERM before the worker stops. */
    shutdown_grace_ms: z.number().int().min(0).max(600_000).default(30_000),
    /**
     * V8 heap of the worker process (--max-old-space-size), set by whatever launches it (`watchsync up`, the
     * container's entrypoint). Left alone, V8 grows the heap lazily to hundreds of MB on big syncs; 192 MB holds a
     * 50,000-episode library's sync and keeps the process under 400 MB. Raise it for much larger libraries.
     */
    heap_mb: z.number().int().min(64).max(16_384).default(192),
  })
  .strict();

export const bridgeWatchSection = z
  .object({
    enabled: z.boolean().default(false),
    /** Reconnect back-off after the PMS websocket drops: doubles from min up to max. */
    reconnect_backoff_min_seconds: z.number().positive().max(3600).default(2),
    reconnect_backoff_max_seconds: z.number().positive().max(3600).default(60),
    /** Refuse to listen unless the PMS reports this machineIdentifier. */
    server_uuid: z.string().min(1).optional(),
  })
  .strict()
  .refine((watch) => watch.reconnect_backoff_min_seconds <= watch.reconnect_backoff_max_seconds, {
    message: 'must not exceed reconnect_backoff_max_seconds',
    path: ['reconnect_backoff_min_seconds'],
  });

export const bridgeSection = z
  .object({
    /** Loopback by default: the ops endpoints must not face the network unless someone decides so. */
    host: z.string().min(1).default('127.0.0.1'),
    port: port.default(8787),
    /** Bearer token for mutating ops endpoints, and for every ops endpoint asked from another machine. */
    admin_token: strongSecret.optional(),
    /** Largest webhook body accepted (multipart or JSON); bigger ones get 413. */
    max_body_bytes: z
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(1024 * 1024),
    /** Live scrobbling from the PMS websocket (DESIGN.md §5); needs plex.pms_url and a token. */
    watch: bridgeWatchSection.default(bridgeWatchSection.parse({})),
    /** Plex webhooks on POST /webhook/plex, authenticated by `webhook_secret`. */
    webhook: z
      .object({ enabled: z.boolean().default(false) })
      .strict()
      .default({ enabled: false }),
    /**
     * Per-install secret Plex must present (`?token=` in the webhook URL or an `X-Webhook-Secret` header).
     * A flat key, not webhook.secret, so WATCHSYNC_WEBHOOK_SECRET can override it (env overrides are section.field).
     */
    webhook_secret: strongSecret.optional(),
    /** Secret the watchsync Stash plugin presents on POST /hooks/stash (X-Watchsync-Secret); the route is off without it. */
    stash_hook_secret: strongSecret.optional(),
    /** The web dashboard under /ui (README "Dashboard"): read from loopback or with the admin token; changes need the token. */
    dashboard: z
      .object({ enabled: z.boolean().default(true) })
      .strict()
      .default({ enabled: true }),
  })
  .strict()
  .refine((bridge) => !bridge.webhook.enabled || bridge.webhook_secret !== undefined, {
    message: 'bridge.webhook.enabled needs bridge.webhook_secret',
    path: ['webhook_secret'],
  });

export const plexSection = z
  .object({
    account_token: secret.optional(),
    pms_url: url.optional(),
    pms_token: secret.optional(),
    /**
     * Sync as this member of the token holder's Plex Home (profile title, username or uuid): account_token must
     * be the Home admin's. The pair sync then reads and writes the member's plays, ratings and watchlist.
     */
    home_user: z.string().min(1).optional(),
    /**
     * Accept a self-signed certificate from the PMS (https://<ip>:32400), on the bridge's websocket and every
     * PMS read; plex.tv, Discover and Trakt certificates are always verified.
     */
    allow_self_signed_tls: z.boolean().default(false),
    /** PIN of a protected Home profile. */
    home_user_pin: z
      .string()
      .regex(/^\d{4}$/, 'must be the 4-digit PIN of the Home profile')
      .optional(),
    plextv_url: url.default('https://plex.tv'),
    discover_url: url.default('https://discover.provider.plex.tv'),
    metadata_url: url.default('https://metadata.provider.plex.tv'),
    /** X-Plex-Client-Identifier watchsync presents to Plex. */
    client_identifier: z.string().min(1).default('watchsync'),
    /** Parallel metadata reads while hydrating play history. */
    history_workers: z.number().int().min(1).max(64).default(12),
    rating_workers: z.number().int().min(1).max(64).default(8),
    /** Also count items marked watched in the library (add-only). */
    include_marked_watched: z.boolean().default(false),
    /** Restrict indexes to these library section IDs (all when empty). */
    library_section_ids: z.array(z.number().int().nonnegative()).default([]),
    ignore_local_guids: z.boolean().default(true),
    ignore_guid_prefixes: z.array(z.string().min(1)).default([]),
    require_external_ids: z.boolean().default(true),
    /** Enrich items without external IDs from Plex's metadata service (memoised). */
    fallback_guid: z.boolean().default(false),
    watchlist_write_delay_ms: z.number().int().min(0).max(60_000).default(500),
    watchlist_query_limit: z.number().int().min(1).max(100).default(10),
  })
  .strict()
  .refine((plex) => plex.home_user_pin === undefined || plex.home_user !== undefined, {
    message: 'plex.home_user_pin needs plex.home_user',
    path: ['home_user_pin'],
  });

export const traktSection = z
  .object({
    client_id: z.string().min(1).optional(),
    client_secret: secret.optional(),
    api_url: url.default('https://api.trakt.tv'),
    auth_url: url.default('https://api.trakt.tv'),
    /** Name under which this Trakt account's tokens are stored (from `watchsync auth trakt`). */
    account: z.string().min(1).default('default'),
    /** Address episodes by show IDs + season + number when they have no IDs of their own. */
    number_fallback: z.boolean().default(true),
    /** Also add history adds to the collection. */
    add_to_collection: z.boolean().default(false),
    /**
     * Trakt write activities dispatched per second across every worker (a server-side limit on their task
     * queue): a cap on bursts. The exact spacing Trakt needs is kept by the per-account turn below; a cap at
     * 1/s would add its own stalls on top of it (measured: a mean of 1.35 s between POSTs instead of 1.07 s).
     */
    writes_per_second: z.number().positive().max(10).default(2),
    /** Least time between sending two writes of this account, across every process (Trakt: one POST/s per user). */
    min_write_interval_ms: z.number().int().min(0).max(60_000).default(traktWriteIntervalMs),
  })
  .strict();

const watchedThresholdPercent = z.number().min(80).max(100);

/** Live scrobbling (DESIGN.md §5): off until enabled; the bridge passes these to the scrobble workflow. */
export const scrobbleSection = z
  .object({
    enabled: z.boolean().default(false),
    /** Progress at which a stop is a watch; Trakt scrobbles nothing under 80. */
    watched_threshold_percent: z
      .object({ movie: watchedThresholdPercent.default(80), episode: watchedThresholdPercent.default(80) })
      .strict()
      .default({ movie: 80, episode: 80 }),
    /** Plex account titles allowed to scrobble (case-insensitive); empty = everyone. With a list, unknown users are ignored. */
    allowed_users: z.array(z.string().trim().min(1)).default([]),
    /** Only scrobble events of this Plex server (machineIdentifier); other servers' webhooks are ignored. */
    server_uuid: z.string().min(1).optional(),
    /**
     * Without server_uuid: the Plex servers (machineIdentifier) whose webhooks may start a scrobble workflow. Empty:
     * the servers the plex.account_token reaches (its plex.tv resources). Webhooks of any other server get 403.
     */
    servers: z.array(z.string().trim().min(1).max(200)).default([]),
    /** A session silent this long is closed as last seen. */
    session_timeout_minutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30),
  })
  .strict();

const featureSwitches = z.object({ add: z.boolean().default(true), remove: z.boolean().default(false) }).strict();

/** 32 random bytes in base64: what AES-256 needs. Checked here so a bad key is a config error naming it. */
const encryptionKey = z
  .string()
  .refine((text) => decodeSecretKey(text) !== undefined, { message: 'must be 32 random bytes in base64 (`openssl rand -base64 32`)' });

/** Secrets watchsync keeps in PostgreSQL (Trakt tokens) are sealed with this key (README "Secrets at rest"). */
export const secretsSection = z
  .object({
    /** Seals new values and opens values it sealed. Required once Trakt tokens are stored. */
    encryption_key: encryptionKey.optional(),
    /** Older keys, only to open values they sealed until `watchsync secrets rotate` has resealed them. */
    previous_encryption_keys: z.array(encryptionKey).default([]),
  })
  .strict();

export const pairSection = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, 'use letters, digits, - and _'),
    source: z.enum(['plex', 'trakt']),
    target: z.enum(['plex', 'trakt']),
    mode: z.enum(['one-way', 'two-way']).default('one-way'),
    /** Features not listed are off: nothing is written until configured. */
    features: z
      .object({ history: featureSwitches.optional(), ratings: featureSwitches.optional(), watchlist: featureSwitches.optional() })
      .strict()
      .default({}),
    /** Who wins a rating changed on both sides when `rated_at` cannot decide. */
    rating_conflict_winner: z.enum(['source', 'target']).default('source'),
    /** Plays of one item this close together are the same play. */
    tolerance_ms: z.number().int().min(0).max(86_400_000).default(60_000),
  })
  .strict()
  .refine((pair) => pair.source !== pair.target, { message: 'source and target must differ', path: ['target'] });

/** A Plex Media Server whose libraries are imported into PostgreSQL (DESIGN.md §6). */
export const libraryServerSection = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, 'use letters, digits, - and _'),
    name: z.string().min(1).optional(),
    url,
    token: secret,
    enabled: z.boolean().default(true),
    allow_self_signed_tls: z.boolean().default(false),
    /** Sections to import, by key or title; empty = every movie and show section. */
    sections: z.array(z.string().min(1)).default([]),
    path_mappings: z.array(pathMappingRule).default([]),
  })
  .strict();

export const librarySection = z
  .object({
    servers: z
      .array(libraryServerSection)
      .default([])
      .refine((servers) => new Set(servers.map((s) => s.id)).size === servers.length, { message: 'server ids must be unique' }),
    /** Items per PMS page (X-Plex-Container-Size); DESIGN.md §6: 500–1000 keeps requests few without huge answers. */
    page_size: z.number().int().min(500).max(1000).default(1000),
    /** Incremental runs re-read what changed this long before the last run's newest change (late or same-second writes). */
    incremental_overlap_seconds: z.number().int().min(0).max(86_400).default(300),
    /** A section whose last full listing is older than this is listed in full again (finds what counts cannot). */
    full_every_hours: z
      .number()
      .positive()
      .max(24 * 365)
      .default(168),
    /** Items and files missing this long become deleted. */
    missing_retention_days: z.number().positive().max(3650).default(30),
    /** A listing that would mark more than this share of a section missing (and more than min_items) waits for approval. */
    shrink_guard: z
      .object({ max_missing_percent: z.number().min(0).max(100).default(10), min_items: z.number().int().min(0).default(10) })
      .strict()
      .default({ max_missing_percent: 10, min_items: 10 }),
    /** How long held removals wait for `watchsync library approve` before the run ends without them. */
    approval_timeout_hours: z
      .number()
      .positive()
      .max(24 * 30)
      .default(24),
  })
  .strict();

export const simSection = z
  .object({
    /**
     * The simulator `npm start` runs for the demo (and `watchsync sim`) listens on this port and the next three:
     * PMS, plex.tv, Discover, Trakt. 0 picks free ports.
     */
    port: port.max(65532).default(0),
  })
  .strict();

export const configSchema = z
  .object({
    temporal: temporalSection.default(temporalSection.parse({})),
    database: databaseSection.default(databaseSection.parse({})),
    log: logSection.default(logSection.parse({})),
    worker: workerSection.default(workerSection.parse({})),
    bridge: bridgeSection.default(bridgeSection.parse({})),
    plex: plexSection.default(plexSection.parse({})),
    trakt: traktSection.default(traktSection.parse({})),
    scrobble: scrobbleSection.default(scrobbleSection.parse({})),
    library: librarySection.default(librarySection.parse({})),
    stash: stashSection.default(stashSection.parse({})),
    plex_provider: plexProviderSection.default(plexProviderSection.parse({})),
    secrets: secretsSection.default(secretsSection.parse({})),
    sim: simSection.default(simSection.parse({})),
    pairs: z
      .array(pairSection)
      .default([])
      .refine((pairs) => new Set(pairs.map((p) => p.id)).size === pairs.length, { message: 'pair ids must be unique' }),
  })
  .strict()
  .refine(
    (config) =>
      config.plex_provider.library_server === undefined ||
      config.library.servers.some((server) => server.id === config.plex_provider.library_server),
    { message: 'must be the id of a library.servers entry', path: ['plex_provider', 'library_server'] },
  );

export type Config = z.infer<typeof configSchema>;
export type PairConfig = z.infer<typeof pairSection>;
export type ScrobbleConfig = z.infer<typeof scrobbleSection>;
export type LibraryConfig = z.infer<typeof librarySection>;
export type LibraryServerConfig = z.infer<typeof libraryServerSection>;
export type ConfigInput = z.input<typeof configSchema>;

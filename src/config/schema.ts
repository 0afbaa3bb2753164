import { z } from 'zod';

/**
 * The config file, one section per feature. Every section has safe defaults: nothing writes anywhere until
 * it is configured and switched on. Later features add their sections here.
 */

const url = z.url();
const secret = z.string().min(1);
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
  })
  .strict();

export const bridgeSection = z
  .object({
    /** Loopback by default: the ops endpoints must not face the network unless someone decides so. */
    host: z.string().min(1).default('127.0.0.1'),
    port: port.default(8787),
    /** Bearer token required by mutating ops endpoints. */
    admin_token: secret.optional(),
  })
  .strict();

export const plexSection = z
  .object({
    account_token: secret.optional(),
    pms_url: url.optional(),
    pms_token: secret.optional(),
    plextv_url: url.default('https://plex.tv'),
    discover_url: url.default('https://discover.provider.plex.tv'),
    metadata_url: url.default('https://metadata.provider.plex.tv'),
    /** X-Plex-Client-Identifier watchsync presents to Plex. */
    client_identifier: z.string().min(1).default('watchsync'),
  })
  .strict();

export const traktSection = z
  .object({
    client_id: z.string().min(1).optional(),
    client_secret: secret.optional(),
    api_url: url.default('https://api.trakt.tv'),
    auth_url: url.default('https://api.trakt.tv'),
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
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

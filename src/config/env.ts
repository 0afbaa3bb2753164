/**
 * Environment variables that override config keys. One table, so the docs, docker-compose and the tests
 * read the same truth.
 */
export const envOverrides = {
  TEMPORAL_ADDRESS: 'temporal.address',
  TEMPORAL_NAMESPACE: 'temporal.namespace',
  TEMPORAL_TASK_QUEUE: 'temporal.task_queue',
  TEMPORAL_UI_URL: 'temporal.ui_url',
  DATABASE_URL: 'database.url',
  LOG_LEVEL: 'log.level',
  WATCHSYNC_SHUTDOWN_GRACE_MS: 'worker.shutdown_grace_ms',
  WATCHSYNC_WORKER_HEAP_MB: 'worker.heap_mb',
  WATCHSYNC_BRIDGE_HOST: 'bridge.host',
  WATCHSYNC_BRIDGE_PORT: 'bridge.port',
  WATCHSYNC_ADMIN_TOKEN: 'bridge.admin_token',
  WATCHSYNC_WEBHOOK_SECRET: 'bridge.webhook_secret',
  WATCHSYNC_STASH_HOOK_SECRET: 'bridge.stash_hook_secret',
  STASH_URL: 'stash.url',
  STASH_API_KEY: 'stash.api_key',
  WATCHSYNC_SIM_PORT: 'sim.port',
  PLEX_TOKEN: 'plex.account_token',
  PLEX_PMS_URL: 'plex.pms_url',
  PLEX_PMS_TOKEN: 'plex.pms_token',
  PLEX_HOME_USER: 'plex.home_user',
  PLEX_HOME_USER_PIN: 'plex.home_user_pin',
  TRAKT_CLIENT_ID: 'trakt.client_id',
  TRAKT_CLIENT_SECRET: 'trakt.client_secret',
  WATCHSYNC_SECRET_KEY: 'secrets.encryption_key',
} as const satisfies Record<string, string>;

export type EnvName = keyof typeof envOverrides;

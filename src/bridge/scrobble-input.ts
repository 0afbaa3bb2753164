import type { Config } from '../config';
import { defaultScrobbleRules, type ScrobbleRules } from '../domain/scrobble';
import type { ScrobbleWorkflowInput, ScrobbleWorkflowOptions } from '../workflows/scrobble-api';

/** The reducer's rules from the `scrobble` config section (the rest keep their production defaults). */
export function scrobbleRulesFromConfig(config: Config): ScrobbleRules {
  const { scrobble } = config;
  return {
    ...defaultScrobbleRules,
    watchedThresholdPercent: { ...scrobble.watched_threshold_percent },
    allowedUsers: [...scrobble.allowed_users],
    sessionTimeoutMs: scrobble.session_timeout_minutes * 60_000,
    ...(scrobble.server_uuid ? { serverUuid: scrobble.server_uuid } : {}),
  };
}

/**
 * What starts `scrobble/<serverUuid>` when the bridge's first signal finds it not running. A running workflow
 * gets the rules by signal instead (see signaller.ts).
 */
export function scrobbleWorkflowInput(
  config: Config,
  serverUuid: string,
  options?: Partial<ScrobbleWorkflowOptions>,
): ScrobbleWorkflowInput {
  return { serverUuid, rules: scrobbleRulesFromConfig(config), ...(options ? { options } : {}) };
}

/** Which events may scrobble at all: server pinning and the user whitelist. */
import type { ScrobbleRules } from './rules';

export function isServerAllowed(serverUuid: string, rules: ScrobbleRules): boolean {
  return rules.serverUuid === undefined || rules.serverUuid === serverUuid;
}

/** Fails closed: with a whitelist set, an unknown user is not allowed. Plex names are case-insensitive. */
export function isUserAllowed(user: string | undefined, rules: ScrobbleRules): boolean {
  if (rules.allowedUsers.length === 0) return true;
  if (user === undefined) return false;
  const name = user.toLowerCase();
  return rules.allowedUsers.some((allowed) => allowed.toLowerCase() === name);
}

import { type Config, plexHosts } from '../config';
import type { Logger } from '../log';
import { requestJson } from '../providers/http';
import { plexTvResourcesSchema } from '../providers/plex/schemas';

/** Whether a webhook's Plex server may reach (and so start) a scrobble workflow, and the answer when not. */
export type ServerVerdict = { admitted: true } | { admitted: false; status: 202 | 403 | 503; reason: string };

export interface ServerGate {
  admit(serverUuid: string): Promise<ServerVerdict>;
}

export interface ServerGateOptions {
  /** How long the plex.tv answer is trusted. */
  cacheMs: number;
  /** An unknown server asks plex.tv again (a server just added to the account), but not more often than this. */
  minRefreshMs: number;
  now: () => number;
}

const defaults: ServerGateOptions = { cacheMs: 10 * 60_000, minRefreshMs: 60_000, now: Date.now };

/**
 * Every scrobble workflow is long-lived, so a webhook naming a server nobody configured must not start one. The
 * servers admitted are, in this order: `scrobble.server_uuid` alone (others are answered 202 "ignored", as Plex
 * sends an account's webhooks for every server it plays on); else `scrobble.servers`; else the servers
 * `plex.account_token` reaches (its plex.tv resources that provide "server", cached). Others get 403.
 */
export function createServerGate(config: Config, log: Logger, options: Partial<ServerGateOptions> = {}): ServerGate {
  const { scrobble } = config;
  if (scrobble.server_uuid !== undefined) {
    const pinned = scrobble.server_uuid;
    return {
      admit: async (uuid) =>
        uuid === pinned ? { admitted: true } : { admitted: false, status: 202, reason: 'event of another Plex server' },
    };
  }
  const refused = (uuid: string, where: string): ServerVerdict => ({
    admitted: false,
    status: 403,
    reason: `Plex server ${uuid} is not ${where}; add it to scrobble.servers to scrobble its webhooks`,
  });
  if (scrobble.servers.length > 0) {
    const listed = new Set(scrobble.servers);
    return { admit: async (uuid) => (listed.has(uuid) ? { admitted: true } : refused(uuid, 'in scrobble.servers')) };
  }
  const token = config.plex.account_token;
  if (token === undefined) {
    return { admit: async (uuid) => refused(uuid, 'known: set plex.account_token (its servers are admitted) or scrobble.servers') };
  }
  return accountServersGate(config, token, log, { ...defaults, ...options }, refused);
}

function accountServersGate(
  config: Config,
  token: string,
  log: Logger,
  options: ServerGateOptions,
  refused: (uuid: string, where: string) => ServerVerdict,
): ServerGate {
  const { plextvUrl, clientIdentifier } = plexHosts(config);
  let known: { servers: Set<string>; at: number } | undefined;
  let lastAttempt = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<void> | undefined;

  const refresh = (): Promise<void> => {
    inFlight ??= (async () => {
      lastAttempt = options.now();
      const { data } = await requestJson(
        {
          url: new URL('/api/v2/resources', plextvUrl ?? 'https://plex.tv').toString(),
          headers: { 'X-Plex-Token': token, 'X-Plex-Client-Identifier': clientIdentifier ?? 'watchsync' },
          timeoutMs: 10_000,
        },
        plexTvResourcesSchema,
      );
      const servers = data.filter((r) => r.provides.split(',').includes('server')).map((r) => r.clientIdentifier);
      known = { servers: new Set(servers), at: options.now() };
    })().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  return {
    async admit(uuid) {
      const now = options.now();
      const stale = known === undefined || now - known.at > options.cacheMs;
      const unknown = !known?.servers.has(uuid);
      if (stale || (unknown && now - lastAttempt >= options.minRefreshMs)) {
        try {
          await refresh();
        } catch (error) {
          log.warn({ err: error }, 'could not read the Plex servers of plex.account_token from plex.tv');
          // A stale list still admits what it knew; without one nothing can be decided.
          if (!known) {
            return { admitted: false, status: 503, reason: 'could not ask plex.tv which servers plex.account_token reaches; try again' };
          }
        }
      }
      return known?.servers.has(uuid)
        ? { admitted: true }
        : refused(uuid, 'among the servers plex.account_token reaches (plex.tv resources)');
    },
  };
}

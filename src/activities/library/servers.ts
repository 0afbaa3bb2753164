/** A configured library server and its PMS reader, path rules and import settings, from the config. */

import { pathRules } from '../../config/path-rules';
import type { Config, LibraryServerConfig } from '../../config/schema';
import { compilePathRules, type PathRule, type PathRules } from '../../domain/path-mapping';
import { createLibraryServerReader, type LibraryServerReader } from '../../providers/plex/library/reader';
import { pmsTlsAgent } from '../../providers/plex/transport';
import { digestOf } from '../../store/library-items';
import { NotConfiguredError } from '../clients';
import type { LibrarySettings } from './types';

export interface LibraryServer {
  config: LibraryServerConfig;
  reader: LibraryServerReader;
  rules: PathRules;
  /** Changes when the path rules do: files are then mapped again by a full import. */
  rulesDigest: string;
}

export function findServer(config: Config, serverId: string): LibraryServerConfig {
  const server = config.library.servers.find((s) => s.id === serverId);
  if (!server) {
    const known = config.library.servers.map((s) => s.id).join(', ') || '(none)';
    throw new NotConfiguredError(`library.servers`, `no server "${serverId}" (configured: ${known})`);
  }
  return server;
}

export function pathRulesOf(server: LibraryServerConfig): PathRule[] {
  return pathRules(server.path_mappings);
}

/** Readers are kept per server for the worker's life: their TLS agents hold connections for the next page. */
export function libraryServers(config: Config): (serverId: string) => LibraryServer {
  const made = new Map<string, LibraryServer>();
  return (serverId) => {
    const existing = made.get(serverId);
    if (existing) return existing;
    const server = findServer(config, serverId);
    const rules = pathRulesOf(server);
    const entry: LibraryServer = {
      config: server,
      reader: createLibraryServerReader({
        serverId,
        url: server.url,
        token: server.token,
        clientIdentifier: config.plex.client_identifier,
        dispatcher: pmsTlsAgent(server.allow_self_signed_tls),
      }),
      rules: compilePathRules(rules),
      rulesDigest: digestOf(rules),
    };
    made.set(serverId, entry);
    return entry;
  };
}

export function librarySettings(config: Config): LibrarySettings {
  const library = config.library;
  return {
    pageSize: library.page_size,
    overlapSeconds: library.incremental_overlap_seconds,
    retentionMs: library.missing_retention_days * 86_400_000,
    missingThreshold: { ratio: library.shrink_guard.max_missing_percent / 100, floor: library.shrink_guard.min_items },
    approvalTimeoutMs: library.approval_timeout_hours * 3_600_000,
  };
}

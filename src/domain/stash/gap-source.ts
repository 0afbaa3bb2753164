/**
 * Where the gap comparison (DESIGN.md §7) reads Plex's files from: the library import's tables when they hold a
 * fresh, complete listing of every section it compares, else Plex itself. A listing of a 50,000-file library costs
 * the PMS minutes of paging; the import has usually just read the same files.
 */
import { humanDuration } from '../durations';

/** Where the Plex side of a comparison came from, and why: the comparison's result says it. */
export type PlexFileSource =
  | {
      kind: 'library-import';
      /** The `library.servers` entry whose import was read. */
      serverId: string;
      sections: string[];
      /** When the oldest of those sections was last completely listed (ISO). */
      listedAt: string;
    }
  | { kind: 'plex-listing'; reason: string };

/** The library server the comparison's Plex is: named by `plex_provider.library_server`, else the one at `plex.pms_url`. */
export function libraryServerOf(settings: {
  libraryServer?: string;
  pmsUrl?: string;
  servers: ReadonlyArray<{ id: string; url: string; enabled: boolean }>;
}): { serverId: string } | { reason: string } {
  if (settings.libraryServer !== undefined) {
    const named = settings.servers.find((s) => s.id === settings.libraryServer);
    if (!named) return { reason: `plex_provider.library_server "${settings.libraryServer}" is no library.servers entry` };
    return named.enabled ? { serverId: named.id } : { reason: `library server "${named.id}" is disabled` };
  }
  const pms = settings.pmsUrl === undefined ? undefined : sameServerKey(settings.pmsUrl);
  const found = settings.servers.find((s) => s.enabled && sameServerKey(s.url) === pms);
  if (pms !== undefined && found) return { serverId: found.id };
  return {
    reason: `no enabled library.servers entry has the url of plex.pms_url${settings.pmsUrl ? ` (${settings.pmsUrl})` : ''}; set plex_provider.library_server to read its import`,
  };
}

/** Scheme, host, port and path without a trailing slash: `http://PMS:32400/` and `http://pms:32400` are one server. */
function sameServerKey(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`;
}

/** A section as the library import recorded it. */
export interface ImportedSection {
  key: string;
  type: 'movie' | 'show';
  agent?: string;
  /** Chosen for import by the server's `sections` setting. */
  enabled: boolean;
  /** When its last complete listing (full or incremental) ended, epoch ms; absent when it never had one. */
  listedAtMs?: number;
}

export interface SourceQuestion {
  serverId: string;
  /** `plex_provider.section_ids`; when empty, the movie sections whose agent is `agent` (the provider's). */
  sectionIds: readonly number[];
  agent: string;
  /** Every section the import recorded for the server. */
  imported: readonly ImportedSection[];
  nowMs: number;
  /** Fresh: every compared section was completely listed no longer than this ago. */
  maxAgeMs: number;
}

/** Reads the import when every compared section is imported and fresh; otherwise says why Plex is listed instead. */
export function choosePlexFileSource(question: SourceQuestion): PlexFileSource {
  const { serverId, imported } = question;
  const byKey = new Map(imported.map((s) => [s.key, s]));
  let compared: ImportedSection[];
  if (question.sectionIds.length > 0) {
    compared = [];
    for (const id of question.sectionIds) {
      const section = byKey.get(String(id));
      if (!section?.enabled) return listing(`section ${id} is not imported by library server "${serverId}"`);
      compared.push(section);
    }
  } else {
    compared = imported.filter((s) => s.type === 'movie' && s.agent === question.agent);
    if (compared.length === 0) return listing(`the import of "${serverId}" records no movie section whose agent is ${question.agent}`);
    const skipped = compared.find((s) => !s.enabled);
    if (skipped) return listing(`section ${skipped.key} is not imported by library server "${serverId}"`);
  }
  const never = compared.find((s) => s.listedAtMs === undefined);
  if (never) return listing(`section ${never.key} of "${serverId}" was never completely imported`);
  const stalest = compared.reduce((a, b) => (b.listedAtMs! < a.listedAtMs! ? b : a));
  const oldest = stalest.listedAtMs!;
  if (question.nowMs - oldest > question.maxAgeMs) {
    return listing(
      `section ${stalest.key} of "${serverId}" was last completely imported at ${new Date(oldest).toISOString()}, more than ${humanDuration(question.maxAgeMs)} ago`,
    );
  }
  return { kind: 'library-import', serverId, sections: compared.map((s) => s.key), listedAt: new Date(oldest).toISOString() };
}

const listing = (reason: string): PlexFileSource => ({ kind: 'plex-listing', reason });

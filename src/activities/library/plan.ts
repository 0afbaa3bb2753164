/**
 * The first step of an import run: who the server is, which sections it has now, and per section and listing
 * kind whether this run lists in full or only what changed since the last complete listing.
 */
import type { Pool } from 'pg';
import type { Config } from '../../config/schema';
import type { ListingKind } from '../../domain/library/records';
import type { PmsSection } from '../../providers/plex/schemas';
import { savePathRulesDigest, startRun, upsertSections, upsertServer } from '../../store/library-servers';
import { NotConfiguredError } from '../clients';
import { type LibraryServer, librarySettings } from './servers';
import type { LibraryPlan, PlannedListing, PlannedSection, PlanRequest } from './types';

const kindsOf: Record<'movie' | 'show', ListingKind[]> = { movie: ['movie'], show: ['show', 'episode'] };

export async function planImport(db: Pool, config: Config, server: LibraryServer, request: PlanRequest): Promise<LibraryPlan> {
  const { reader } = server;
  const identity = await reader.identity();
  const stored = await upsertServer(db, {
    id: server.config.id,
    name: server.config.name,
    url: server.config.url,
    machineIdentifier: identity.machineIdentifier,
    version: identity.version,
  });
  const all = (await reader.sections()).filter(
    (s): s is PmsSection & { type: 'movie' | 'show' } => s.type === 'movie' || s.type === 'show',
  );
  const configured = server.config.sections;
  const wanted = (s: PmsSection, names: readonly string[]) => names.length === 0 || names.includes(s.key) || names.includes(s.title);
  const states = await upsertSections(
    db,
    server.config.id,
    all.map((s) => ({
      key: s.key,
      title: s.title,
      type: s.type,
      agent: s.agent,
      scanner: s.scanner,
      language: s.language,
      uuid: s.uuid,
      rootLocations: (s.Location ?? []).map((l) => l.path),
      updatedAt: s.updatedAt,
      scannedAt: s.scannedAt,
      enabled: wanted(s, configured),
    })),
  );
  const requested = request.sections ?? [];
  const unknown = requested.filter((name) => !all.some((s) => s.key === name || s.title === name));
  if (unknown.length > 0)
    throw new NotConfiguredError(
      '--section',
      `server "${server.config.id}" has no movie or show section ${unknown.map((n) => `"${n}"`).join(', ')} (it has ${all.map((s) => `${s.key} "${s.title}"`).join(', ')})`,
    );
  const chosen = all.filter((s) => wanted(s, configured) && wanted(s, requested));
  const settings = librarySettings(config);
  const fullBecause = request.full
    ? '--full'
    : stored.pathRulesDigest !== null && stored.pathRulesDigest !== server.rulesDigest
      ? 'path mapping rules changed'
      : undefined;
  await startRun(db, request.runId, server.config.id, request.show ? 'show' : (fullBecause ?? 'auto'));
  if (stored.pathRulesDigest !== server.rulesDigest) await savePathRulesDigest(db, server.config.id, server.rulesDigest);

  if (request.show) return { ...base(), sections: await showSections(server, chosen, request.show) };
  const fullAfterMs = config.library.full_every_hours * 3_600_000;
  const sections: PlannedSection[] = chosen.map((s) => {
    const state = states.get(s.key);
    const stale = !state?.lastFullImportAt || Date.now() - Date.parse(state.lastFullImportAt) > fullAfterMs;
    const listings = kindsOf[s.type].map((kind): PlannedListing => {
      const watermark = state?.watermarks[kind];
      return fullBecause || stale || watermark === undefined ? { kind, mode: 'full' } : { kind, mode: 'incremental', watermark };
    });
    return { key: s.key, title: s.title, type: s.type, listings };
  });
  return { ...base(), sections };

  function base() {
    return { serverId: server.config.id, serverName: server.config.name ?? server.config.id, settings, fullBecause };
  }
}

/** `--show "title" [--year N]`: every show of that exact title (and year) in the chosen show sections. */
async function showSections(
  server: LibraryServer,
  sections: PmsSection[],
  show: { title: string; year?: number },
): Promise<PlannedSection[]> {
  const planned: PlannedSection[] = [];
  for (const section of sections.filter((s) => s.type === 'show')) {
    const matches = (await server.reader.findShows(section.key, show.title)).filter(
      (entry) => entry.title.toLowerCase() === show.title.toLowerCase() && (show.year === undefined || entry.year === show.year),
    );
    if (matches.length === 0) continue;
    planned.push({
      key: section.key,
      title: section.title,
      type: 'show',
      listings: matches.map((m) => ({ kind: 'episode', mode: 'show', showRatingKey: m.ratingKey })),
    });
  }
  if (planned.length === 0)
    throw new NotConfiguredError('--show', `server "${server.config.id}" has no show "${show.title}"${show.year ? ` (${show.year})` : ''}`);
  return planned;
}

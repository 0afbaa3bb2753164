/**
 * Finding a scene's Plex item: the stored mapping (still there, still the same file name), else the scene's file
 * mapped to Plex's path (path mapping, Stash → Plex) and a title search in the scene sections, checked by file.
 */
import type { Pool } from 'pg';
import { type PathMappingConfig, pathRules } from '../../config/path-rules';
import { compilePathRules, localToPlex, type PathRules } from '../../domain/path-mapping';
import { decideMatch, type MatchDecision, type PlexCandidate } from '../../domain/stash/match';
import type { SceneMetadataClient } from '../../providers/plex/scene-metadata';
import type { StashScene } from '../../providers/stash';
import { readStashScene, recordStashMatch } from '../../store/stash-scenes';

export type SceneMatch =
  | (Extract<MatchDecision, { status: 'matched' }> & { sectionId: number })
  | Extract<MatchDecision, { status: 'ambiguous' }>
  /** Not in Plex (yet): `scan` names the folder to scan, when the path maps into a known section. */
  | { status: 'missing'; scan?: { sectionId: number; path: string } };

export interface MatchDeps {
  db: Pool;
  plex: SceneMetadataClient;
  rules: PathRules;
  /** Scene sections (configured, or every movie section). */
  sections(): Promise<number[]>;
  strict: boolean;
}

const basename = (path: string) => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
const stem = (path: string) => basename(path).replace(/\.[^.]+$/, '');
const folderOf = (path: string) => path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')));

export function compileStashRules(rules: readonly PathMappingConfig[]): PathRules {
  return compilePathRules(pathRules(rules));
}

/** `record: false` answers what would match and stores nothing (`watchsync stash match`). */
export async function matchScene(deps: MatchDeps, scene: StashScene, record = true): Promise<SceneMatch> {
  const scenePaths = scene.files.map((f) => f.path);
  const plexPaths = scenePaths.flatMap((p) => {
    const mapped = localToPlex(deps.rules, p);
    return mapped.mapped ? [mapped.path] : [];
  });
  const stored = await readStashScene(deps.db, scene.id);
  if (stored?.ratingKey !== undefined && stored.sectionId !== undefined) {
    const item = await deps.plex.item(stored.ratingKey);
    const names = new Set(scenePaths.map((p) => basename(p).toLowerCase()));
    if (item?.files.some((f) => names.has(basename(f).toLowerCase())))
      return { status: 'matched', ratingKey: item.ratingKey, sectionId: stored.sectionId, method: 'stored', confidence: 'high' };
  }
  const sections = await deps.sections();
  const candidates = new Map<string, PlexCandidate>();
  const queries = [...new Set([...scenePaths.map(stem), ...(scene.title ? [scene.title] : [])])];
  for (const sectionId of sections)
    for (const query of queries)
      for (const item of await deps.plex.search(sectionId, query))
        candidates.set(item.ratingKey, { ratingKey: item.ratingKey, sectionId, files: item.files });
  const decision = decideMatch(scenePaths, plexPaths, [...candidates.values()], deps.strict);
  if (decision.status === 'matched') {
    const sectionId = candidates.get(decision.ratingKey)?.sectionId ?? sections[0] ?? 0;
    if (record)
      await recordStashMatch(deps.db, {
        sceneId: scene.id,
        ratingKey: decision.ratingKey,
        sectionId,
        method: decision.method,
        confidence: decision.confidence,
      });
    return { ...decision, sectionId };
  }
  if (decision.status === 'ambiguous') return decision;
  const target = plexPaths[0];
  // The section to scan: the one the mapped path lies in (PMS scans only inside a section's folders).
  return target && sections.length > 0
    ? { status: 'missing', scan: { sectionId: sections[0] as number, path: folderOf(target) } }
    : { status: 'missing' };
}

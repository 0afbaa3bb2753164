/**
 * How the metadata provider ranks Stash scenes for a file Plex asks about (pure; the bridge does the lookups).
 * Each lookup is one way of finding a scene: by the file's exact path (mapped to Stash's), by a hash Stash knows
 * written in the file name, or by the file name alone. A way that finds one scene is trusted more than one that
 * finds several; a scene found several ways keeps its best score.
 */

export type MatchWay = 'path' | 'hash' | 'basename';

export interface RankedScene {
  sceneId: string;
  score: number;
  way: MatchWay;
}

/** Score of a way that found exactly one scene; each further candidate of the same way costs `crowdPenalty`. */
export const matchScores: Record<MatchWay, number> = { path: 100, hash: 90, basename: 80 };
const crowdPenalty = 30;

/** Candidates of every way, best first (ties by scene id, numerically where they are numbers). */
export function rankScenes(found: Partial<Record<MatchWay, readonly string[]>>): RankedScene[] {
  const best = new Map<string, RankedScene>();
  for (const way of Object.keys(matchScores) as MatchWay[]) {
    const ids = [...new Set(found[way] ?? [])];
    const score = ids.length === 1 ? matchScores[way] : matchScores[way] - crowdPenalty;
    for (const sceneId of ids) {
      const seen = best.get(sceneId);
      if (!seen || seen.score < score) best.set(sceneId, { sceneId, score, way });
    }
  }
  return [...best.values()].sort((a, b) => b.score - a.score || a.sceneId.localeCompare(b.sceneId, 'en', { numeric: true }));
}

/** The file name at the end of a path, with either separator. */
export function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/**
 * Hashes Stash fingerprints files with, written as a word of the file name (Stash's own generated names, or people
 * who rename by hash): a 16-digit hex oshash or a 32-digit hex MD5.
 */
export function hashesInName(fileName: string): { oshash: string[]; md5: string[] } {
  const words = fileName.replace(/\.[^.]+$/, '').split(/[^0-9a-fA-F]+/);
  const lower = (w: string) => w.toLowerCase();
  return { oshash: words.filter((w) => w.length === 16).map(lower), md5: words.filter((w) => w.length === 32).map(lower) };
}

/**
 * The Plex paths a match request's `filename` may stand for: Plex sends it relative to the library folder, so each
 * configured library root is tried in front of it; an absolute name is tried as it is too.
 */
export function plexPathCandidates(filename: string, libraryRoots: readonly string[]): string[] {
  const absolute = /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(filename);
  const joined = libraryRoots.map((root) => {
    const windows = /^([A-Za-z]:|\\\\)/.test(root);
    const separator = windows ? '\\' : '/';
    const rest = filename.replace(/^[\\/]+/, '');
    return `${root.replace(/[\\/]+$/, '')}${separator}${windows ? rest.replaceAll('/', '\\') : rest}`;
  });
  return [...new Set(absolute ? [...joined, filename] : joined.length > 0 ? joined : [filename])];
}

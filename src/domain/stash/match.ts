/**
 * Choosing the Plex item of a Stash scene, with a confidence: the stored mapping (verified), then the scene's file
 * mapped to Plex's path, then a title search checked against the file's name. One candidate is high confidence;
 * several are low, and strict mode freezes the scene as ambiguous instead of guessing.
 */

export interface PlexCandidate {
  ratingKey: string;
  sectionId?: number;
  files: string[];
}

export type MatchMethod = 'stored' | 'path' | 'basename';

export type MatchDecision =
  | { status: 'matched'; ratingKey: string; method: MatchMethod; confidence: 'high' | 'low' }
  | { status: 'ambiguous'; candidates: string[] }
  | { status: 'missing' };

const basename = (path: string) => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);

/**
 * `plexPath` is the scene's file mapped to Plex (undefined when no rule applies); `candidates` are the items a title or
 * file-name search found. An exact path is high confidence; a unique file-name match high; several file-name matches low.
 */
export function decideMatch(
  scenePaths: readonly string[],
  plexPaths: readonly string[],
  candidates: readonly PlexCandidate[],
  strict: boolean,
): MatchDecision {
  const exact = new Set(plexPaths);
  const byPath = candidates.filter((c) => c.files.some((f) => exact.has(f)));
  if (byPath.length === 1) return { status: 'matched', ratingKey: byPath[0]!.ratingKey, method: 'path', confidence: 'high' };
  const names = new Set(scenePaths.map((p) => basename(p).toLowerCase()));
  const byName = candidates.filter((c) => c.files.some((f) => names.has(basename(f).toLowerCase())));
  if (byName.length === 1) return { status: 'matched', ratingKey: byName[0]!.ratingKey, method: 'basename', confidence: 'high' };
  if (byName.length === 0) return { status: 'missing' };
  const ambiguous = { status: 'ambiguous', candidates: byName.map((c) => c.ratingKey) } as const;
  if (strict) return ambiguous;
  // Lenient: the candidate sharing the most trailing folders with the scene's file, if one alone does.
  const score = (c: PlexCandidate) => Math.max(...c.files.flatMap((f) => [...scenePaths, ...plexPaths].map((p) => sharedTail(f, p))));
  const scored = byName.map((c) => ({ c, score: score(c) })).sort((a, b) => b.score - a.score);
  const [best, next] = scored;
  if (best && (!next || best.score > next.score))
    return { status: 'matched', ratingKey: best.c.ratingKey, method: 'basename', confidence: 'low' };
  return ambiguous;
}

/** How many trailing path segments two paths share (case-insensitive, either separator). */
function sharedTail(a: string, b: string): number {
  const sa = a.toLowerCase().split(/[\\/]/).reverse();
  const sb = b.toLowerCase().split(/[\\/]/).reverse();
  let n = 0;
  while (n < sa.length && n < sb.length && sa[n] === sb[n]) n++;
  return n;
}

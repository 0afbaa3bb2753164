import { type DiscoverEntry, type DiscoverIndex, titleOf } from './items';

export interface ScoredEntry {
  entry: DiscoverEntry;
  /** 0..1, higher is better. */
  score: number;
}

/** `searchTypes` values Discover accepts for video, and the entry types they cover. */
const searchTypeEntries: Record<string, DiscoverEntry['type']> = { movies: 'movie', tv: 'show' };

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Exact title beats prefix beats substring beats shared words. */
function titleScore(title: string, query: string): number {
  const t = normalise(title);
  const q = normalise(query);
  if (q === '') return 0;
  if (t === q) return 1;
  if (t.startsWith(q)) return 0.9;
  if (t.includes(q)) return 0.75;
  const words = new Set(t.split(' '));
  const queryWords = q.split(' ');
  const shared = queryWords.filter((w) => words.has(w)).length;
  return shared === 0 ? 0 : Math.round((0.5 * shared * 1000) / queryWords.length) / 1000;
}

/** Title search over movies and shows, best first (ties keep catalog order). */
export function searchTitles(index: DiscoverIndex, query: string, searchTypes: readonly string[], limit: number): ScoredEntry[] {
  const wanted = new Set(searchTypes.map((t) => searchTypeEntries[t]).filter((t) => t !== undefined));
  return index
    .topLevel()
    .filter((entry) => wanted.has(entry.type))
    .map((entry) => ({ entry, score: titleScore(titleOf(entry), query) }))
    .filter((scored) => scored.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}

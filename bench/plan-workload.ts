/**
 * The planner's scale workload, shared by bench/plan.ts (timing) and the planner tests (the plan it must give).
 */
import type { MinimalItem, Play } from '../src/domain/items';

/** 50 shows × 1,000 episodes, each episode with its own tvdb id. */
export const episodeItem = (n: number): MinimalItem => ({
  type: 'episode',
  ids: { tvdb: 1_000_000 + n },
  show_ids: { tvdb: 1 + Math.floor(n / 1000) },
  season: 1 + Math.floor((n % 1000) / 100),
  episode: n % 100,
});

const play = (n: number, seconds: number): Play => ({
  item: episodeItem(n),
  watched_at: new Date(Date.UTC(2024, 0, 1) + seconds * 1000).toISOString(),
});

/** `count` plays of distinct episodes; the target lacks every tenth and has the rest 30 s later (within tolerance). */
export function historyWorkload(count: number): { source: Play[]; target: Play[] } {
  const source = Array.from({ length: count }, (_, n) => play(n, n));
  const target = Array.from({ length: count }, (_, n) => play(n, n + 30)).filter((_, n) => n % 10 !== 0);
  return { source, target };
}

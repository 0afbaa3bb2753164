import type { Simulator } from '../../src/sim';
import { type CatalogEpisode, type CatalogMovie, type CatalogShow, ratingKeyBase } from '../../src/sim/catalog';

/** What must be on Trakt after a sync of the simulator's Plex plays, without vitest: benchmarks count with it too. */

/** The catalog entry behind a PMS ratingKey of the simulator (movie or episode). */
export function catalogEntryOf(sim: Simulator, ratingKey: string): CatalogMovie | CatalogEpisode | undefined {
  const n = Number(ratingKey);
  const key = n >= ratingKeyBase.episode ? `e${n - ratingKeyBase.episode}` : n < ratingKeyBase.show ? `m${n}` : undefined;
  const entry = key ? sim.catalog.byKey.get(key) : undefined;
  return entry?.kind === 'movie' || entry?.kind === 'episode' ? entry : undefined;
}

function showOf(sim: Simulator, episode: CatalogEpisode): CatalogShow {
  return sim.catalog.byKey.get(episode.showKey) as CatalogShow;
}

/**
 * Whether watchsync can name this title to Trakt without guessing: its Plex GUID carries external ids
 * (not local/plex-only), Trakt knows it, and a legacy episode (show ids + numbers) is numbered alike on both.
 */
export function syncableToTrakt(sim: Simulator, entry: CatalogMovie | CatalogEpisode): boolean {
  const owner = entry.kind === 'movie' ? entry : showOf(sim, entry);
  if (owner.guidStyle === 'local' || owner.guidStyle === 'plex-only' || !owner.traktKnown) return false;
  return !(entry.kind === 'episode' && owner.kind === 'show' && owner.guidStyle === 'legacy-tvdb' && owner.orderDiffers);
}

/** The Plex plays of an account (the owner's by default) that must end up on Trakt: catalog key and ISO time. */
export function expectedTraktPlays(sim: Simulator, accountId = sim.library.owner.id): { key: string; watched_at: string }[] {
  return sim.library.history
    .filter((row) => row.accountId === accountId && row.ratingKey !== undefined)
    .flatMap((row) => {
      const entry = catalogEntryOf(sim, row.ratingKey!);
      return entry && syncableToTrakt(sim, entry) ? [{ key: entry.key, watched_at: new Date(row.viewedAt * 1000).toISOString() }] : [];
    });
}

/** Plays on Trakt of the same title recorded more than once within `toleranceMs`: what must never happen. */
export function duplicatePlays(
  plays: readonly { key: string; watched_at: string }[],
  toleranceMs = 60_000,
): { key: string; watched_at: string }[] {
  const byKey = new Map<string, number[]>();
  for (const p of plays) byKey.set(p.key, [...(byKey.get(p.key) ?? []), Date.parse(p.watched_at)]);
  const duplicates: { key: string; watched_at: string }[] = [];
  for (const [key, times] of byKey) {
    times.sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++)
      if (times[i]! - times[i - 1]! <= toleranceMs) duplicates.push({ key, watched_at: new Date(times[i]!).toISOString() });
  }
  return duplicates;
}

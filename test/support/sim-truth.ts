import { expect } from 'vitest';
import { toTraktRating } from '../../src/providers/plex/ratings';
import type { Simulator } from '../../src/sim';
import { ratingKeyBase } from '../../src/sim/catalog';
import { catalogEntryOf, duplicatePlays, expectedTraktPlays, syncableToTrakt } from './trakt-plays';

export { catalogEntryOf, duplicatePlays, expectedTraktPlays, syncableToTrakt } from './trakt-plays';

/** The Plex ratings of an account (the owner's by default) that must end up on Trakt, as "key=rating". */
export function expectedTraktRatings(sim: Simulator, accountId = sim.library.owner.id): string[] {
  return sim.library.statesOf(accountId).flatMap((state) => {
    const rating = toTraktRating(state.userRating);
    const n = Number(state.ratingKey);
    const show = n >= ratingKeyBase.show && n < ratingKeyBase.season ? sim.catalog.byKey.get(`s${n - ratingKeyBase.show}`) : undefined;
    const entry = catalogEntryOf(sim, state.ratingKey) ?? show;
    if (rating === undefined || !entry) return [];
    const identifiable =
      entry.kind === 'show'
        ? entry.guidStyle !== 'local' && entry.guidStyle !== 'plex-only' && entry.traktKnown
        : syncableToTrakt(sim, entry);
    return identifiable ? [`${entry.key}=${rating}`] : [];
  });
}

/** Fails unless Trakt's history is exactly the account's (the owner's) syncable Plex plays, with no duplicate. */
export function expectTraktHistoryMirrorsPlex(sim: Simulator, accountId = sim.library.owner.id): void {
  const onTrakt = sim.trakt.control.truth(sim.tokens.traktUsername).history;
  const asKeys = (plays: readonly { key: string; watched_at: string }[]) => plays.map((p) => `${p.key}@${p.watched_at}`).sort();
  expect(duplicatePlays(onTrakt)).toEqual([]);
  expect(asKeys(onTrakt)).toEqual(asKeys(expectedTraktPlays(sim, accountId)));
}

/** Fails unless Trakt's ratings are exactly the account's (the owner's) syncable Plex ratings. */
export function expectTraktRatingsMirrorPlex(sim: Simulator, accountId = sim.library.owner.id): void {
  const onTrakt = sim.trakt.control.truth(sim.tokens.traktUsername).ratings;
  expect(onTrakt.map((r) => `${r.key}=${r.rating}`).sort()).toEqual(expectedTraktRatings(sim, accountId).sort());
}

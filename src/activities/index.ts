import { createDoctorActivities, type DoctorDeps } from './doctor';
import { createLibraryActivities, type LibraryDeps } from './library';
import { createPairSyncActivities, type PairSyncDeps } from './pair-sync';
import { createScrobbleActivities, type ScrobbleDeps } from './scrobble';
import { createStashActivities, type StashDeps } from './stash';
import { createStashGapActivities, type StashGapDeps } from './stash-gaps';

/** Everything the activities need, injected so tests pass their own. */
export type ActivityDeps = DoctorDeps & ScrobbleDeps & PairSyncDeps & StashDeps & StashGapDeps & LibraryDeps;

export function createActivities(deps: ActivityDeps) {
  return {
    ...createDoctorActivities(deps),
    ...createScrobbleActivities(deps),
    ...createPairSyncActivities(deps),
    ...createLibraryActivities(deps),
    ...createStashActivities(deps),
    ...createStashGapActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;

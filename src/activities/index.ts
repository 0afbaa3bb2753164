import { createDoctorActivities, type DoctorDeps } from './doctor';
import { createPairSyncActivities, type PairSyncDeps } from './pair-sync';
import { createScrobbleActivities, type ScrobbleDeps } from './scrobble';
import { createStashActivities, type StashDeps } from './stash';

/** Everything the activities need, injected so tests pass their own. */
export type ActivityDeps = DoctorDeps & ScrobbleDeps & PairSyncDeps & StashDeps;

export function createActivities(deps: ActivityDeps) {
  return {
    ...createDoctorActivities(deps),
    ...createScrobbleActivities(deps),
    ...createPairSyncActivities(deps),
    ...createStashActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;

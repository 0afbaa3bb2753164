import { createDoctorActivities, type DoctorDeps } from './doctor';
import { createPairSyncActivities, type PairSyncDeps } from './pair-sync';
import { createScrobbleActivities, type ScrobbleDeps } from './scrobble';
import { createStashGapActivities, type StashGapDeps } from './stash-gaps';

/** Everything the activities need, injected so tests pass their own. */
export type ActivityDeps = DoctorDeps & ScrobbleDeps & PairSyncDeps & StashGapDeps;

export function createActivities(deps: ActivityDeps) {
  return {
    ...createDoctorActivities(deps),
    ...createScrobbleActivities(deps),
    ...createPairSyncActivities(deps),
    ...createStashGapActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;

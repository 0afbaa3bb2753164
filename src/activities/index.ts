import { createDoctorActivities, type DoctorDeps } from './doctor';

/** Everything the activities need, injected so tests pass their own. */
export type ActivityDeps = DoctorDeps;

export function createActivities(deps: ActivityDeps) {
  return { ...createDoctorActivities(deps) };
}

export type Activities = ReturnType<typeof createActivities>;

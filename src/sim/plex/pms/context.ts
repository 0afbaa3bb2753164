import type { FaultBoard } from '../../faults';
import type { LiveSessions } from '../contracts';
import type { PlexLibrary } from '../library';
import type { PageFaults } from './page-faults';

/** What the PMS route modules share. */
export interface PmsContext {
  library: PlexLibrary;
  sessions: LiveSessions | undefined;
  faults: FaultBoard;
  pageFaults: PageFaults;
  /** Epoch seconds; injectable so tests can pin time. */
  now(): number;
}

import type { Pool } from 'pg';
import { recordProbe } from '../store/doctor-probes';

export interface DoctorDeps {
  db: Pool;
}

export interface ProbeResult {
  probeId: number;
  /** Probes recorded so far under this workflow ID, this one included. */
  probesForWorkflow: number;
}

export function createDoctorActivities({ db }: DoctorDeps) {
  return {
    /** Writes a probe row and reads it back: the database is reachable, writable and migrated. */
    probeDatabase(workflowId: string): Promise<ProbeResult> {
      return recordProbe(db, workflowId);
    },
  };
}

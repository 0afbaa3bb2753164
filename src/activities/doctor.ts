import type { Pool } from 'pg';

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
    async probeDatabase(workflowId: string): Promise<ProbeResult> {
      const { rows } = await db.query<{ id: string; count: string }>(
        `with inserted as (insert into doctor_probes (workflow_id) values ($1) returning id)
         select (select id from inserted) as id,
                (select count(*) from doctor_probes where workflow_id = $1) + 1 as count`,
        [workflowId],
      );
      const row = rows[0]!;
      return { probeId: Number(row.id), probesForWorkflow: Number(row.count) };
    },
  };
}

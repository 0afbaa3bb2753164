import type { Pool } from 'pg';

/** Writes a probe row for the workflow and counts the probes recorded under its ID, this one included. */
export async function recordProbe(db: Pool, workflowId: string): Promise<{ probeId: number; probesForWorkflow: number }> {
  const { rows } = await db.query<{ id: string; count: string }>(
    `with inserted as (insert into doctor_probes (workflow_id) values ($1) returning id)
     select (select id from inserted) as id,
            (select count(*) from doctor_probes where workflow_id = $1) + 1 as count`,
    [workflowId],
  );
  const row = rows[0]!;
  return { probeId: Number(row.id), probesForWorkflow: Number(row.count) };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../src/activities';
import { createPool, type Pool } from '../../src/store/db';
import type { doctor } from '../../src/workflows';
import { services } from '../support/services';
import { withWorker } from '../support/temporal';

describe('doctor: a workflow on the real dev server whose activity writes and reads PostgreSQL', () => {
  let db: Pool;
  beforeAll(() => {
    db = createPool(services().databaseUrl, 2);
  });
  afterAll(() => db.end());

  it('records a probe row through the worker and returns what the database holds', async () => {
    const workflowId = `doctor/test-${Date.now()}`;
    const result = await withWorker(createActivities({ db }), ({ client, taskQueue }) =>
      client.workflow.execute<typeof doctor>('doctor', { taskQueue, workflowId }),
    );
    expect(result.workflowId).toBe(workflowId);
    const { rows } = await db.query('select id, workflow_id from doctor_probes where workflow_id = $1', [workflowId]);
    expect(rows).toHaveLength(1);
    expect(Number(rows[0].id)).toBe(result.probeId);
    expect(result.probesForWorkflow).toBe(1);
  });
});

import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';

const { probeDatabase } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 5 },
});

export interface DoctorResult {
  workflowId: string;
  probeId: number;
  probesForWorkflow: number;
}

/** `watchsync doctor`: proves worker, Temporal and PostgreSQL work together, end to end. */
export async function doctor(): Promise<DoctorResult> {
  const { workflowId } = workflowInfo();
  const probe = await probeDatabase(workflowId);
  return { workflowId, ...probe };
}

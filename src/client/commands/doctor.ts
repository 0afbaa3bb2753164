import type { Command } from 'commander';
import { loadConfig } from '../../config';
import type { doctor } from '../../workflows';
import { connectClient, workflowUrl } from '../temporal';

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('run a workflow through the worker that writes to and reads from PostgreSQL')
    .action(async () => {
      const config = loadConfig();
      const client = await connectClient(config);
      try {
        const workflowId = `doctor/${Date.now()}`;
        const result = await client.workflow.execute<typeof doctor>('doctor', {
          taskQueue: config.temporal.task_queue,
          workflowId,
          workflowExecutionTimeout: '1 minute',
        });
        process.stdout.write(`worker, Temporal and PostgreSQL OK (probe ${result.probeId})\n${workflowUrl(config, workflowId)}\n`);
      } finally {
        await client.connection.close();
      }
    });
}

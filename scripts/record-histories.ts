/**
 * Records workflow histories for the replay tests (test/histories/*.json). Run it when a workflow changes
 * on purpose, commit the new file next to the old ones, and keep the old ones: they prove that running
 * workflows still replay (changes must go behind `patched()`).
 *
 *   TEMPORAL_CLI_PATH=… DATABASE_URL=… npx tsx scripts/record-histories.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../src/activities';
import { startDevServer } from '../src/devserver/temporal';
import { createPool } from '../src/store/db';
import { migrate } from '../src/store/migrate';
import { workflowsPath } from '../src/worker';

const scenarios: { name: string; workflowType: string; args: unknown[] }[] = [{ name: 'doctor', workflowType: 'doctor', args: [] }];

async function main(): Promise<void> {
  const cliPath = process.env.TEMPORAL_CLI_PATH;
  const databaseUrl = process.env.DATABASE_URL;
  if (!cliPath || !databaseUrl) throw new Error('set TEMPORAL_CLI_PATH and DATABASE_URL (scripts/ensure-*.sh print them)');
  const server = await startDevServer({ cliPath, headless: true });
  const db = createPool(databaseUrl, 2);
  await migrate(db);
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const taskQueue = 'record-histories';
  const worker = await Worker.create({ connection: nativeConnection, taskQueue, workflowsPath, activities: createActivities({ db }) });
  await worker.runUntil(async () => {
    for (const scenario of scenarios) {
      const handle = await client.workflow.start(scenario.workflowType, {
        taskQueue,
        workflowId: `record/${scenario.name}`,
        args: scenario.args,
      });
      await handle.result();
      const history = await handle.fetchHistory();
      const file = join(__dirname, '..', 'test', 'histories', `${scenario.name}.json`);
      writeFileSync(file, `${JSON.stringify(JSON.parse(historyToJSON(history)), null, 2)}\n`);
      console.log(`recorded ${file}`);
    }
  });
  await connection.close();
  await nativeConnection.close();
  await db.end();
  await server.stop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

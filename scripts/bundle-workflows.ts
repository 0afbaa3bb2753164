/** `npm run build`: the prebuilt workflow bundle the worker loads in production (no webpack at start). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { prebuiltBundlePath, workflowsPath } from '../src/worker';

async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath });
  mkdirSync(dirname(prebuiltBundlePath), { recursive: true });
  writeFileSync(prebuiltBundlePath, code);
  console.log(`wrote ${prebuiltBundlePath} (${(code.length / 1024).toFixed(0)} KiB)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

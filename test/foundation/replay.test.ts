import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { services } from '../support/services';

const dir = join(__dirname, '..', 'histories');
const recorded = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('recorded workflow histories replay against the current workflow code', () => {
  it('has recorded histories to replay', () => {
    expect(recorded.length).toBeGreaterThan(0);
  });

  it.each(recorded)('%s', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    // The run's own workflow ID: workflow code may depend on it (pairSync hands a start under another ID to its pair's).
    const workflowId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowId || file;
    await Worker.runReplayHistory({ workflowBundle: { codePath: services().workflowBundlePath } }, history, workflowId);
  });
});

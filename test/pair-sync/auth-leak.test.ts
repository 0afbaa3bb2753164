import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/sim';
import { credentialsIn, quotedPart } from '../support/credentials';
import { startPairSync, summaryOf } from '../support/pair-run';
import { type ProcessSync, processSync } from '../support/process-sync';
import { traktTokenStore } from '../support/sync';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';

const pairId = `auth-leak-${Date.now()}`;

describe('a truncated answer to the Trakt token refresh of a pair sync', () => {
  let sim: Simulator;
  let sync: ProcessSync;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    sim = await startSimulator({ size: 'tiny', seed: 43 });
    sync = await processSync(sim, { pairs: [{ id: pairId, source: 'plex', target: 'trakt', features: { history: {} } }] });
  });
  afterAll(async () => {
    await worker?.kill();
    await sync?.close();
    await sim?.close();
  });

  it('leaves the new tokens in neither the worker’s log (at debug) nor the workflow history', async () => {
    // The stored access token is about to expire: the run's first Trakt call refreshes it, and the answer is cut off.
    const store = traktTokenStore(sync.db, sync.config);
    const stored = (await store.load(sync.config.trakt.account))!;
    await store.save(sync.config.trakt.account, { ...stored, expiresAt: new Date(Date.now() + 1_000).toISOString() });
    sim.trakt.faults.set('POST /oauth/token', { mangleBody: 'truncate' });
    worker = await startWorkerProcess(sync.configPath, { LOG_LEVEL: 'debug' });

    const handle = await startPairSync(sync.client, sync.taskQueue, pairId);
    const result = await summaryOf(handle);

    // The refresh token was spent by the cut-off answer: the feature stops as an auth failure, saying why.
    expect(result.features[0]).toMatchObject({ status: 'failed' });
    expect(result.features[0]?.error).toMatch(/AuthFailed|InvalidPayload/);
    const secrets = credentialsIn(sim.trakt.faults);
    expect(secrets.length).toBeGreaterThanOrEqual(2);
    // Payloads (activity inputs, results, failure details) are base64 in the history: read them decoded as well.
    const history = JSON.stringify(await handle.fetchHistory(), (key, value) =>
      key === 'data' && typeof value === 'string' ? `${value} ${Buffer.from(value, 'base64').toString('utf8')}` : value,
    );
    // The cut-off answer was reported (and logged), without the tokens it held.
    expect(worker.output()).toMatch(/not JSON/);
    for (const secret of secrets) {
      expect(quotedPart(history, secret), 'a token in the workflow history').toBeUndefined();
      expect(quotedPart(worker.output(), secret), 'a token in the worker log').toBeUndefined();
    }
  }, 90_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, simSizes, startSimulator } from '../../src/sim';
import { featureOf, inPhase, startPairSync, summaryOf, waitForProgress } from '../support/pair-run';
import { type ProcessSync, processSync } from '../support/process-sync';
import { traktTokenStore } from '../support/sync';
import { startWorkerProcess, type WorkerProcess, writeTestConfig } from '../support/worker-process';

const pairId = `stranded-${Date.now()}`;

describe('a pair-sync run whose worker no longer has the run’s configuration or accounts', () => {
  let sim: Simulator;
  let sync: ProcessSync;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ size: { ...simSizes.tiny, plays: 300 }, seed: 23 });
    sync = await processSync(sim, { pairs: [{ id: pairId, source: 'plex', target: 'trakt', features: { history: {} } }] });
  });
  afterAll(async () => {
    for (const worker of workers) await worker.kill();
    await sync?.close();
    await sim?.close();
  });

  it('stranded by a dead worker and resumed by a worker of another config: fails without retrying, naming what differs, writing nothing', async () => {
    // The other configuration: the same pair and queue, but its own Trakt account, logged in as someone else.
    const other = sim.trakt.control.createUser({ username: 'someone-else' });
    const otherAccount = `${sync.config.trakt.account}-other`;
    await traktTokenStore(sync.db, sync.config).save(otherAccount, {
      accessToken: other.tokens.access_token,
      refreshToken: other.tokens.refresh_token,
      expiresAt: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(),
    });
    const otherConfigPath = writeTestConfig({ ...sync.config, trakt: { ...sync.config.trakt, account: otherAccount } });

    sim.trakt.control.setFault('POST /sync/history', { latencyMs: 2_000 });
    workers.push(await startWorkerProcess(sync.configPath));
    const handle = await startPairSync(sync.client, sync.taskQueue, pairId, { heartbeatTimeoutMs: 3_000 });
    await waitForProgress(handle, (p) => inPhase('applying')(p) && sim.trakt.faults.count('POST /sync/history') > 0);
    await workers[0]!.kill();
    sim.trakt.control.clearFaults();
    workers.push(await startWorkerProcess(otherConfigPath));

    const history = featureOf(await summaryOf(handle), 'history');
    expect(history.status).toBe('failed');
    expect(history.error).toMatch(/^ConfigChanged: run of pair .* another configuration .*trakt\.account/);
    expect(sim.trakt.control.truth('someone-else').history).toEqual([]);
    // Not retried: the one attempt on the other worker failed for good.
    const { events } = await handle.fetchHistory();
    const failed = (events ?? []).filter(
      (e) => e.activityTaskFailedEventAttributes?.failure?.applicationFailureInfo?.type === 'ConfigChanged',
    );
    expect(failed.length).toBeGreaterThan(0);
    for (const event of failed) expect(event.activityTaskFailedEventAttributes?.failure?.applicationFailureInfo?.nonRetryable).toBe(true);
  }, 120_000);

  it('a chunk refuses to write once the account’s tokens belong to another Trakt user than the pair’s', async () => {
    await workers.pop()!.kill();
    sim.trakt.control.setFault('POST /sync/history', { latencyMs: 1_000 });
    workers.push(await startWorkerProcess(sync.configPath));
    const handle = await startPairSync(sync.client, sync.taskQueue, pairId);
    await waitForProgress(handle, (p) => inPhase('applying')(p) && sim.trakt.faults.count('POST /sync/history') > 0);
    // `watchsync auth trakt` as someone else, while the run applies.
    const other = sim.trakt.control.issueTokens('someone-else');
    await traktTokenStore(sync.db, sync.config).save(sync.config.trakt.account, {
      accessToken: other.access_token,
      refreshToken: other.refresh_token,
      expiresAt: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(),
    });

    const history = featureOf(await summaryOf(handle), 'history');
    expect(history.status).toBe('failed');
    expect(history.error).toMatch(/^AccountChanged: .*Trakt account "[^"]+", but the token now belongs to "someone-else"/);
    expect(sim.trakt.control.truth('someone-else').history).toEqual([]);
  }, 120_000);
});

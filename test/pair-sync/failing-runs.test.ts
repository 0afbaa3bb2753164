import { execFileSync, spawn } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config';
import { freePort } from '../../src/devserver/temporal';
import { type Simulator, startSimulator } from '../../src/sim';
import { createPool, type Pool } from '../../src/store/db';
import { pairWorkflowId, progressQuery, type WaitingCause } from '../../src/workflows/pair-sync-api';
import { eventually } from '../scrobble/harness';
import { watchsyncCli } from '../support/cli';
import { withPairs } from '../support/pair-run';
import { seedTraktTokens, simConfig, withSyncWorkers } from '../support/sync';

const pairId = `failing-${Date.now()}`;

describe('a pair-sync run that cannot finish says why, and ends as it should', () => {
  let sim: Simulator;
  let config: Config;
  let db: Pool;

  beforeAll(async () => {
    sim = await startSimulator({ size: 'tiny', seed: 13 });
    config = simConfig(sim, {
      pairs: [{ id: pairId, source: 'plex', target: 'trakt', features: { history: {}, ratings: {}, watchlist: {} } }],
    });
    db = createPool(config.database.url, 2);
    await seedTraktTokens(db, config, sim);
  });
  afterEach(() => sim.trakt.control.setFault('*', {}));
  afterAll(async () => {
    await db?.end();
    await sim?.close();
  });

  it('Trakt refusing everything (403) fails the run with each feature’s cause, and `sync --follow` exits non-zero', async () => {
    sim.trakt.control.setFault('*', { status: 403, errorRate: 1 });
    await withSyncWorkers(config, async ({ client, taskQueue }) => {
      const cli = watchsyncCli({ ...config, temporal: { ...config.temporal, task_queue: taskQueue } });
      const { code, stdout, stderr } = await cli('sync', pairId, '--follow').done;
      expect(code).toBe(1);
      for (const feature of ['history', 'ratings', 'watchlist']) {
        expect(stderr).toMatch(new RegExp(`${feature}\\s+failed .*error: AuthFailed: `));
        expect(stderr).toMatch(new RegExp(`failed: pair ${pairId}: 3 of 3 features failed;.*${feature}: AuthFailed: `));
      }
      expect(stdout).toBe('');
      expect(stderr).not.toContain('Workflow execution failed');
      // Red in the UI: the run's own status is failed.
      const description = await client.workflow.getHandle(pairWorkflowId(pairId)).describe();
      expect(description.status.name).toBe('FAILED');
    });
  });

  it('a worker whose config lacks the pair: `sync --follow` prints the worker’s reason, not "Workflow execution failed"', async () => {
    await withSyncWorkers(withPairs(config, []), async ({ taskQueue }) => {
      const cli = watchsyncCli({ ...config, temporal: { ...config.temporal, task_queue: taskQueue } });
      const { code, stderr } = await cli('sync', pairId, '--follow').done;
      expect(code).toBe(1);
      expect(stderr).toContain(`no pair "${pairId}" in the config`);
      expect(stderr).not.toContain('Workflow execution failed');
    });
  });

  it('Trakt answering 500 forever: progress and `sync --follow` say what the run waits on; cancelling it names the last failure', async () => {
    sim.trakt.control.setFault('*', { status: 500, errorRate: 1 });
    await withSyncWorkers(config, async ({ client, taskQueue }) => {
      const cli = watchsyncCli({ ...config, temporal: { ...config.temporal, task_queue: taskQueue } });
      const follow = cli('sync', pairId, '--follow');
      const handle = client.workflow.getHandle(pairWorkflowId(pairId));
      const first = await eventually(
        async () => (await handle.query(progressQuery).catch(() => undefined))?.waiting?.[0],
        'a waiting cause',
        60_000,
      );
      expect(first).toMatchObject<Partial<WaitingCause>>({ service: 'trakt', status: 500, type: 'HttpError' });
      expect(first.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      // Several failed attempts later the cause still says since when the service has been failing.
      const later = await eventually(
        async () => {
          const [activity] = (await handle.describe()).raw.pendingActivities ?? [];
          return (activity?.attempt ?? 0) >= 4 && activity;
        },
        'a fourth attempt',
        60_000,
      );
      expect(later.activityId).toBe(first.activityId);
      expect((await handle.query(progressQuery)).waiting?.[0]?.since).toBe(first.since);
      const waitingLine = await eventually(
        () =>
          follow.output().match(/waiting: trakt answered 500 on (\S+) since (\S+) \((\d+) failed attempts, next retry (\S+)\)/) ??
          undefined,
        'the CLI to show the waiting cause',
      );
      expect(waitingLine[2]).toBe(first.since);

      // Nothing is held in a run that is still indexing: approve says so and fails.
      const approve = await cli('approve', pairId).done;
      expect(approve.code).toBe(1);
      expect(approve.stderr).toMatch(
        new RegExp(`nothing to approve in the sync of ${pairId} .*no removals are waiting for approval in this run \\(phase: indexing\\)`),
      );

      await handle.cancel();
      const { code, stderr } = await follow.done;
      expect(code).toBe(1);
      expect(stderr).toMatch(
        new RegExp(`${pairWorkflowId(pairId)} was cancelled while waiting: trakt answered 500 \\(HttpError\\) since ${first.since}`),
      );
      expect((await handle.describe()).memo?.cancelledWhileWaitingOn).toContain('trakt answered 500');
    });
  }, 120_000);

  it('a start refused for an unregistered search attribute names it and how to register it', async () => {
    const port = await freePort();
    const cliPath = process.env.TEMPORAL_CLI_PATH || execFileSync('bash', ['scripts/ensure-temporal.sh'], { encoding: 'utf8' }).trim();
    const server = spawn(
      cliPath,
      ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'error'],
      {
        stdio: 'ignore',
      },
    );
    try {
      await eventually(async () => {
        const connection = await Connection.connect({ address: `127.0.0.1:${port}`, connectTimeout: 1_000 }).catch(() => undefined);
        const ready = await connection?.workflowService.describeNamespace({ namespace: 'default' }).then(
          () => true,
          () => false,
        );
        await connection?.close();
        return ready;
      }, 'a dev server without watchsync’s search attributes');
      const cli = watchsyncCli({ ...config, temporal: { address: `127.0.0.1:${port}` } });
      const { code, stderr } = await cli('sync', pairId).done;
      expect(code).toBe(1);
      // Both are missing; the server names whichever it checks first, and the command registers both.
      expect(stderr).toMatch(/the search attribute Watchsync(Pair|Kind) is not registered on namespace "default"/);
      expect(stderr).toContain(
        '`temporal operator search-attribute create --namespace default --name WatchsyncPair --type Keyword && ' +
          'temporal operator search-attribute create --namespace default --name WatchsyncKind --type Keyword`',
      );
    } finally {
      server.kill('SIGTERM');
    }
  });
});

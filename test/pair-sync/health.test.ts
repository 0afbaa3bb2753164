import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/devserver/temporal';
import { type Simulator, startSimulator } from '../../src/sim';
import { cli } from '../support/cli';
import { type ProcessSync, processSync } from '../support/process-sync';
import { startWorkerProcess, type WorkerProcess, writeTestConfig } from '../support/worker-process';

describe('watchsync health', () => {
  let sim: Simulator;
  let sync: ProcessSync;
  let worker: WorkerProcess | undefined;
  beforeAll(async () => {
    sim = await startSimulator({ size: 'tiny' });
    sync = await processSync(sim, {});
    worker = await startWorkerProcess(sync.configPath);
  });
  afterAll(async () => {
    await worker?.stop();
    await sync?.close();
    await sim?.close();
  });

  const health = (configPath = sync.configPath) =>
    cli(configPath, 'health', '--json').then(({ code, stdout }) => ({ code, report: JSON.parse(stdout) }));

  it('reports Plex ready per feature and the Trakt account it is logged in as', async () => {
    const { code, report } = await health();
    expect(code).toBe(0);
    expect(report.plex).toEqual({ status: 'ok', detail: 'history, ratings and watchlist ready for "owner"' });
    expect(report.trakt.detail).toContain(sim.tokens.traktUsername);
    expect(report.database.status).toBe('ok');
    expect(report.temporal.status).toBe('ok');
    expect(report.worker).toEqual({ status: 'ok', detail: expect.stringContaining(`1 polling task queue "${sync.taskQueue}"`) });
    expect(report.worker.detail).toContain(`config=${sync.configPath}`);
  });

  it('blames PostgreSQL, not Trakt, when the database is down', async () => {
    const port = await freePort();
    const { code, report } = await health(
      writeTestConfig({ ...sync.config, database: { url: `postgres://watchsync:secret@127.0.0.1:${port}/watchsync` } }),
    );
    expect(code).toBe(1);
    expect(report.database).toEqual({
      status: 'error',
      detail: expect.stringContaining(`PostgreSQL at 127.0.0.1:${port}/watchsync (database.url / DATABASE_URL)`),
    });
    expect(report.database.detail).not.toContain('secret');
    expect(report.trakt).toEqual({ status: 'skipped', detail: 'needs PostgreSQL (the Trakt tokens are stored there)' });
    expect(report.plex.status).toBe('ok');
  });

  it('says when no worker polls the task queue, and when Temporal is not there at all', async () => {
    const idle = await health(
      writeTestConfig({ ...sync.config, temporal: { ...sync.config.temporal, task_queue: `${sync.taskQueue}-idle` } }),
    );
    expect(idle.code).toBe(1);
    expect(idle.report.temporal.status).toBe('ok');
    expect(idle.report.worker).toEqual({
      status: 'error',
      detail: expect.stringContaining(`no worker polls task queue "${sync.taskQueue}-idle"`),
    });

    const address = `127.0.0.1:${await freePort()}`;
    const down = await health(writeTestConfig({ ...sync.config, temporal: { ...sync.config.temporal, address } }));
    expect(down.code).toBe(1);
    expect(down.report.temporal).toEqual({
      status: 'error',
      detail: expect.stringContaining(`Temporal is not reachable at ${address} (connection refused)`),
    });
    expect(down.report.worker).toEqual({ status: 'skipped', detail: 'needs Temporal' });
    expect(down.report.database.status).toBe('ok');
    expect(down.report.trakt.status).toBe('ok');
  });

  it('names trakt.client_id and TRAKT_CLIENT_ID when Trakt refuses the client id', async () => {
    const { code, report } = await health(writeTestConfig({ ...sync.config, trakt: { ...sync.config.trakt, client_id: 'not-the-app' } }));
    expect(code).toBe(1);
    expect(report.trakt).toEqual({
      status: 'error',
      detail: expect.stringContaining('check trakt.client_id in the config (or TRAKT_CLIENT_ID)'),
    });
  });

  it('names what is not ready when the Plex Media Server is down, and exits non-zero', async () => {
    sim.pms.faults.set('*', { outageUntil: Date.now() + 60_000 });
    try {
      const { code, report } = await health();
      expect(code).toBe(1);
      expect(report.plex.status).toBe('error');
      expect(report.plex.detail).toMatch(/history: Plex Media Server: .*503/);
      expect(report.plex.detail).not.toMatch(/watchlist/);
      expect(JSON.stringify(report)).not.toContain(sim.tokens.plexOwner);
    } finally {
      sim.pms.faults.clear();
    }
  });
});

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/sim';
import { type ProcessSync, processSync } from '../support/process-sync';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');

describe('watchsync health', () => {
  let sim: Simulator;
  let sync: ProcessSync;
  beforeAll(async () => {
    sim = await startSimulator({ size: 'tiny' });
    sync = await processSync(sim, {});
  });
  afterAll(async () => {
    await sync?.close();
    await sim?.close();
  });

  const health = () =>
    run(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'src', 'client', 'cli.ts'), 'health', '--json'], {
      env: { ...process.env, WATCHSYNC_CONFIG: sync.configPath, DATABASE_URL: sync.config.database.url },
    })
      .then(({ stdout }) => ({ code: 0, report: JSON.parse(stdout) }))
      .catch((error: { code: number; stdout: string }) => ({ code: error.code, report: JSON.parse(error.stdout) }));

  it('reports Plex ready per feature and the Trakt account it is logged in as', async () => {
    const { code, report } = await health();
    expect(code).toBe(0);
    expect(report.plex).toEqual({ status: 'ok', detail: 'history, ratings and watchlist ready for "owner"' });
    expect(report.trakt.detail).toContain(sim.tokens.traktUsername);
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

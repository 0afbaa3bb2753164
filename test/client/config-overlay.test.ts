import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/sim';
import { simulatorSections } from '../../src/sim/config';
import type { PlexHomeAccount } from '../../src/sim/plex/library';
import { cli } from '../support/cli';
import { services } from '../support/services';

describe('auth with the config file mounted read-only: changed keys go to the overlay file', () => {
  let sim: Simulator;
  let dir: string;
  let configPath: string;
  let member: PlexHomeAccount;
  let original: string;

  beforeAll(async () => {
    sim = await startSimulator({ size: 'tiny', seed: 3 });
    member = sim.library.accounts.find((a) => a.managed && a.protected)!;
    dir = mkdtempSync(join(tmpdir(), 'watchsync-overlay-'));
    configPath = join(dir, 'config.json');
    original = JSON.stringify({
      database: { url: services().databaseUrl },
      ...simulatorSections(sim, 'overlay'),
      pairs: [{ id: 'main', source: 'plex', target: 'trakt', features: { history: {} } }],
    });
    writeFileSync(configPath, original, { mode: 0o444 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('auth plex-home writes only the overlay, and every command then reads the file and the overlay together', async () => {
    const overlay = join(dir, 'state', 'config.overlay.json');
    mkdirSync(join(dir, 'state'));
    const config = { path: configPath, env: { WATCHSYNC_CONFIG_OVERLAY: overlay } };

    const { code, stdout } = await cli(config, 'auth', 'plex-home', member.title, '--pin', member.pin!);
    expect(code).toBe(0);
    expect(stdout).toContain(overlay);
    expect(readFileSync(configPath, 'utf8')).toBe(original);
    expect(JSON.parse(readFileSync(overlay, 'utf8'))).toEqual({ plex: { home_user: member.uuid, home_user_pin: member.pin } });
    expect(statSync(overlay).mode & 0o777).toBe(0o600);

    const check = await cli(config, 'config', 'check');
    expect(check.code).toBe(0);
    expect(check.stdout).toContain(member.uuid);
    // The file's own Plex keys still apply: the overlay replaced only the keys it holds.
    expect(check.stdout).toContain(sim.urls.pms);
  });

  it('without an overlay, a config file the user cannot write: auth fails naming the file and the way out, and changes nothing', async () => {
    // A folder of its own that others may read but not write, holding a read-only config (a read-only mount, as
    // seen by the unprivileged user the container runs as).
    const readOnlyDir = mkdtempSync(join(tmpdir(), 'watchsync-read-only-'));
    chmodSync(readOnlyDir, 0o755);
    const readOnlyConfig = join(readOnlyDir, 'config.json');
    writeFileSync(readOnlyConfig, original, { mode: 0o444 });

    const { code, stdout, stderr } = await cli(
      { path: readOnlyConfig, unprivileged: true },
      'auth',
      'plex-home',
      member.title,
      '--pin',
      member.pin!,
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `cannot write ${readOnlyConfig} (EACCES): the config file is read-only here (a read-only mount?). Set WATCHSYNC_CONFIG_OVERLAY ` +
        'to a writable file and watchsync saves the changed keys there, over the config file (the compose stack uses ' +
        '/state/config.overlay.json; docs/homelab.md)\n',
    );
    expect(readFileSync(readOnlyConfig, 'utf8')).toBe(original);
    expect(statSync(readOnlyConfig).mode & 0o777).toBe(0o444);
    expect(readdirSync(readOnlyDir)).toEqual(['config.json']);
  });
});

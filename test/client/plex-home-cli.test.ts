import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/sim';
import { simulatorSections } from '../../src/sim/config';
import type { PlexHomeAccount } from '../../src/sim/plex/library';
import { createPool } from '../../src/store/db';
import { migrate } from '../../src/store/migrate';
import { bindPlexAccount, boundPlexAccount } from '../../src/store/plex-accounts';
import { services } from '../support/services';

const root = join(__dirname, '..', '..');

describe('choosing the Plex Home member pairs sync as, and forgetting a pair’s account', () => {
  let sim: Simulator;
  let configPath: string;
  let member: PlexHomeAccount;
  const pairId = `cli-home-${Date.now()}`;

  beforeAll(async () => {
    sim = await startSimulator({ size: 'tiny', seed: 3 });
    member = sim.library.accounts.find((a) => a.managed && a.protected)!;
    configPath = join(mkdtempSync(join(tmpdir(), 'watchsync-cli-')), 'config.json');
    const config = {
      database: { url: services().databaseUrl },
      ...simulatorSections(sim, 'cli'),
      pairs: [{ id: pairId, source: 'plex', target: 'trakt', features: { history: {} } }],
    };
    writeFileSync(configPath, JSON.stringify(config), { mode: 0o600 });
  });
  afterAll(async () => {
    await sim.close();
  });

  const cli = (...args: string[]) =>
    promisify(execFile)(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'src', 'client', 'cli.ts'), ...args], {
      env: { ...process.env, WATCHSYNC_CONFIG: configPath, DATABASE_URL: services().databaseUrl },
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  const plexSettings = () => JSON.parse(readFileSync(configPath, 'utf8')).plex;

  it('lists the Home: every member, who is managed and who has a PIN, and no token', async () => {
    const { code, stdout } = await cli('auth', 'plex-home');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(sim.library.accounts.length);
    expect(lines.find((l) => l.startsWith(`${member.title}\t`))).toBe(`${member.title}\tmanaged, PIN\t${member.uuid}`);
    for (const account of sim.library.accounts) expect(stdout).not.toContain(account.token);
  });

  it('a refused PIN saves nothing and says so', async () => {
    const before = readFileSync(configPath, 'utf8');
    const { code, stderr } = await cli('auth', 'plex-home', member.title, '--pin', '0000');
    expect(code).toBe(1);
    expect(stderr).toContain(`refused the PIN of the Plex Home profile "${member.title}"`);
    expect(readFileSync(configPath, 'utf8')).toBe(before);
  });

  it('a member chosen by name is saved by uuid with its PIN, in a file only its owner reads', async () => {
    const { code, stdout } = await cli('auth', 'plex-home', member.title, '--pin', member.pin!);
    expect(code).toBe(0);
    expect(stdout).toContain(`"${member.title}"`);
    expect(stdout).not.toContain(member.pin!);
    expect(plexSettings()).toMatchObject({ home_user: member.uuid, home_user_pin: member.pin, account_token: sim.tokens.plexOwner });
    expect(statSync(configPath).mode & 0o777).toBe(0o600);
  });

  it('after that choice, health says the Plex side is ready for that member', async () => {
    expect(plexSettings().home_user).toBe(member.uuid);
    const { stdout } = await cli('health', '--json');
    expect(JSON.parse(stdout).plex).toEqual({ status: 'ok', detail: `history, ratings and watchlist ready for "${member.title}"` });
  });

  it('forget unbinds the pair’s Plex account; an unknown pair is refused by name', async () => {
    const db = createPool(services().databaseUrl, 1);
    try {
      await migrate(db);
      const owner = sim.library.owner;
      await bindPlexAccount(db, pairId, {
        uuid: owner.uuid,
        username: 'owner',
        title: 'owner',
        managed: false,
        plexTvId: owner.plexTvId,
        accountId: 1,
      });
      const unknown = await cli('forget', 'no-such-pair');
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('pairs: no pair "no-such-pair"');
      expect(await boundPlexAccount(db, pairId)).toBeDefined();
      const { code, stdout } = await cli('forget', pairId);
      expect(code).toBe(0);
      expect(stdout).toContain(`unbound Plex account "owner"`);
      expect(await boundPlexAccount(db, pairId)).toBeUndefined();
    } finally {
      await db.end();
    }
  });
});

import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';

const run = promisify(execFile);

function configFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'config-')), 'config.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function problemsOf(fn: () => unknown): { key: string; message: string }[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('defaults are safe: no credentials, the bridge on loopback, nothing configured to write', () => {
    const config = loadConfig({ WATCHSYNC_CONFIG: configFile({}) });
    expect(config.plex.account_token).toBeUndefined();
    expect(config.trakt.client_secret).toBeUndefined();
    expect(config.bridge.host).toBe('127.0.0.1');
    expect(config.temporal).toMatchObject({ address: 'localhost:7233', namespace: 'default', task_queue: 'watchsync' });
  });

  it.each([
    [{ bridge: { port: 'eighty' } }, 'bridge.port'],
    [{ bridge: { port: 70000 } }, 'bridge.port'],
    [{ trakt: { api_url: 'not a url' } }, 'trakt.api_url'],
    [{ log: { level: 'loud' } }, 'log.level'],
    [{ database: { url: 'mysql://x' } }, 'database.url'],
    [{ plex: { acount_token: 'typo' } }, 'plex.acount_token'],
    [{ surprise: {} }, 'surprise'],
    [{ worker: { shutdown_grace_ms: -1 } }, 'worker.shutdown_grace_ms'],
    [{ plex: { home_user_pin: '1234' } }, 'plex.home_user_pin'],
    [{ plex: { home_user: 'Kids', home_user_pin: '12ab' } }, 'plex.home_user_pin'],
    // The PMS TLS switch lives with the PMS settings: it covers the worker's reads too, not just the bridge.
    [{ bridge: { watch: { allow_self_signed_tls: true } } }, 'bridge.watch.allow_self_signed_tls'],
  ])('%j is rejected naming %s', (content, key) => {
    const problems = problemsOf(() => loadConfig({ WATCHSYNC_CONFIG: configFile(content) }));
    expect(problems.map((p) => p.key)).toContain(key);
  });

  it.each([
    ['bridge.webhook_secret', 'Q'],
    ['bridge.webhook_secret', 'short-but-1234'],
    ['bridge.webhook_secret', 'changeme-changeme'],
    ['bridge.admin_token', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'],
    ['bridge.admin_token', 'passwordpassword'],
  ])('a guessable %s (%j) is a config error naming the key, saying what it needs and not quoting it', (key, value) => {
    const field = key.split('.')[1] as string;
    const problems = problemsOf(() => loadConfig({ WATCHSYNC_CONFIG: configFile({ bridge: { [field]: value } }) }));
    const problem = problems.find((p) => p.key === key);
    expect(problem?.message).toMatch(/at least 16 random-looking characters/);
    expect(JSON.stringify(problems)).not.toContain(value);
  });

  it('accepts secrets made the documented ways (openssl rand -hex 32, a UUID, base64 of 24 random bytes)', () => {
    for (const value of [randomBytes(32).toString('hex'), randomUUID(), randomBytes(24).toString('base64')]) {
      const config = loadConfig({ WATCHSYNC_CONFIG: configFile({}), WATCHSYNC_WEBHOOK_SECRET: value, WATCHSYNC_ADMIN_TOKEN: value });
      expect(config.bridge).toMatchObject({ webhook_secret: value, admin_token: value });
    }
  });

  it('reports a file that is not JSON, and a named file that does not exist', () => {
    expect(problemsOf(() => loadConfig({ WATCHSYNC_CONFIG: configFile('{ nope') }))[0]?.message).toMatch(/not valid JSON/);
    expect(problemsOf(() => loadConfig({ WATCHSYNC_CONFIG: '/nonexistent/config.json' }))[0]?.message).toMatch(/ENOENT/);
  });

  it('environment variables override the file, with numbers coerced and still validated', () => {
    const path = configFile({ temporal: { address: 'file:7233' }, bridge: { port: 1000 } });
    const config = loadConfig({ WATCHSYNC_CONFIG: path, TEMPORAL_ADDRESS: 'env:7233', WATCHSYNC_BRIDGE_PORT: '9999', PLEX_TOKEN: 'tok' });
    expect(config.temporal.address).toBe('env:7233');
    expect(config.bridge.port).toBe(9999);
    expect(config.plex.account_token).toBe('tok');
    expect(problemsOf(() => loadConfig({ WATCHSYNC_CONFIG: path, WATCHSYNC_BRIDGE_PORT: 'abc' })).map((p) => p.key)).toEqual([
      'bridge.port',
    ]);
  });

  describe('watchsync config check', () => {
    const cli = join(__dirname, '..', '..', 'src', 'client', 'cli.ts');
    const tsx = join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');

    it('exits non-zero naming the bad key', async () => {
      const failure = await run(tsx, [cli, 'config', 'check'], {
        env: { ...process.env, WATCHSYNC_CONFIG: configFile({ bridge: { port: 'x' } }) },
      }).catch((error: { code: number; stderr: string }) => error);
      expect(failure).toMatchObject({ code: 2 });
      expect((failure as { stderr: string }).stderr).toMatch(/bridge\.port/);
    });

    it('prints the effective config with every secret redacted', async () => {
      const secrets = { account_token: 'plex-SECRET-1', pms_token: 'plex-SECRET-2', home_user: 'Kids', home_user_pin: '4321' };
      const env = {
        ...process.env,
        WATCHSYNC_CONFIG: configFile({ plex: secrets, trakt: { client_id: 'public-id', client_secret: 'trakt-SECRET-3' } }),
        DATABASE_URL: 'postgres://u:db-SECRET-4@localhost/x',
        WATCHSYNC_ADMIN_TOKEN: 'admin-SECRET-5-9f2c71e0b84d5a3e',
      };
      const { stdout } = await run(tsx, [cli, 'config', 'check'], { env });
      expect(stdout).not.toMatch(/SECRET/);
      const printed = JSON.parse(stdout);
      expect(printed.plex.account_token).toBe('[redacted]');
      expect(printed.plex).toMatchObject({ home_user: 'Kids', home_user_pin: '[redacted]' });
      expect(stdout).not.toContain('4321');
      expect(printed.trakt.client_id).toBe('public-id');
      expect(printed.database.url).toBe('postgres://u:[redacted]@localhost/x');
    });
  });
});

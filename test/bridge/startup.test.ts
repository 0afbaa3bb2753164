import { execFile, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { envOverrides } from '../../src/config';
import { freePort } from '../../src/devserver/temporal';
import { startWorkerProcess, writeTestConfig } from '../support/worker-process';

/** What an operator sees when the bridge and the worker start (issue 16). */

const root = join(__dirname, '..', '..');
const run = promisify(execFile);
const bridgeMain = join(root, 'src', 'bridge', 'main.ts');
/** The config file decides: variables that override config keys (LOG_LEVEL, DATABASE_URL from the shell) must not. */
const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !(name in envOverrides)));

function listen(port: number): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer().listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('starting the bridge and the worker', () => {
  it('a busy bridge port: exit 1 with one line naming the port and the key that sets it, and nothing uncaught after', async () => {
    const port = await freePort();
    const squatter = await listen(port);
    try {
      // Scrobbling on, so the bridge has a Temporal connection open when the port turns out to be taken.
      const config = writeTestConfig({ bridge: { port }, scrobble: { enabled: true } });
      const failure = await run(process.execPath, ['--import', 'tsx', bridgeMain], {
        cwd: root,
        env: { ...inherited, WATCHSYNC_CONFIG: config },
        timeout: 60_000,
      }).then(
        () => undefined,
        (error: { code: number; stderr: string; stdout: string }) => error,
      );
      expect(failure?.code).toBe(1);
      expect(failure?.stderr.trim()).toBe(
        `watchsync bridge: the bridge needs 127.0.0.1:${port} (bridge.port / WATCHSYNC_BRIDGE_PORT), but another process is listening there: stop it (another watchsync bridge?) or choose another port`,
      );
      expect(`${failure?.stdout}${failure?.stderr}`).not.toMatch(/Channel has been shut down|EADDRINUSE|Uncaught/i);
    } finally {
      squatter.close();
    }
  }, 90_000);

  it('in a terminal the bridge logs pretty lines, not JSON', async () => {
    const port = await freePort();
    const config = writeTestConfig({ bridge: { port }, log: { level: 'info' } });
    // `script` gives the bridge a pseudo-terminal as stdout, as a person starting it by hand has.
    const child = spawn('script', ['-qefc', `${process.execPath} --import tsx ${bridgeMain}`, '/dev/null'], {
      cwd: root,
      env: { ...inherited, WATCHSYNC_CONFIG: config, TERM: 'dumb' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
    });
    try {
      const deadline = Date.now() + 60_000;
      while (!output.includes('bridge listening') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const line = output.split('\n').find((l) => l.includes('bridge listening')) ?? '';
      // biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes are what a terminal gets
      const plain = line.replace(/\u001b\[[0-9;]*m/g, '').trim();
      expect(plain, output).toMatch(/^\[\d{2}:\d{2}:\d{2}(\.\d{3})?\] INFO \(bridge\/\d+\): bridge listening/);
      expect(() => JSON.parse(plain)).toThrow();
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }, 90_000);

  it('the worker starts without the "No workflows registered" warning of its activity-only Trakt-writes queue', async () => {
    const worker = await startWorkerProcess(writeTestConfig({ log: { level: 'info' } }));
    try {
      await new Promise((r) => setTimeout(r, 1_000));
      expect(worker.output()).toContain('worker polling');
      expect(worker.output()).not.toContain('No workflows registered');
    } finally {
      await worker.stop();
    }
  }, 90_000);
});

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portIsFree } from '../../src/client/ports';
import { envOverrides } from '../../src/config';
import { freePort } from '../../src/devserver/temporal';
import { services } from '../support/services';

const root = join(__dirname, '..', '..');

/** Every process below `pid`, read from /proc (what `ps --forest` shows). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name may contain spaces and parentheses: the fields after its closing one are fixed.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we read.
    }
  }
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const child of children.get(parent) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found;
}

/** Alive and not a zombie waiting for its reaper. */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' });

describe('npm start on a fresh clone, stopped by a signal', () => {
  let clone: string;
  let configPath: string;
  let ports: { temporal: number; ui: number; bridge: number; sim: number };

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watchsync-clone-'));
    clone = join(dir, 'watchsync');
    git(dir, 'clone', '--quiet', root, clone);
    // Stands in for the `npm ci` a fresh clone's first `npm start` runs (a download of ~470 MB): the same
    // packages, hard-linked, and a lock no newer than the install, so scripts/ensure-deps.sh sees it done.
    execFileSync('cp', ['-al', join(root, 'node_modules'), join(clone, 'node_modules')]);
    const installed = statSync(join(clone, 'node_modules', '.package-lock.json')).mtime;
    utimesSync(join(clone, 'package-lock.json'), installed, new Date(installed.getTime() - 1000));

    ports = { temporal: await freePort(), ui: await freePort(), bridge: await freePort(), sim: await freePort() };
    // No accounts: the demo, against the simulator. Every port of `npm start` comes from the config file.
    configPath = join(dir, 'config.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        temporal: { address: `127.0.0.1:${ports.temporal}`, ui_url: `http://127.0.0.1:${ports.ui}` },
        database: { url: services().databaseUrl },
        bridge: { port: ports.bridge },
        sim: { port: ports.sim },
      }),
    );
  }, 180_000);

  afterAll(() => {
    if (clone) rmSync(join(clone, '..'), { recursive: true, force: true });
  });

  function npmStart(): { child: ChildProcess; output: () => string } {
    // The config file decides: no variable that overrides a config key (DATABASE_URL from `npm test`), and no
    // TEMPORAL_ADDRESS, so watchsync starts its own Temporal.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !(name in envOverrides)));
    const child = spawn('npm', ['start'], {
      cwd: clone,
      env: { ...inherited, WATCHSYNC_CONFIG: configPath, DATABASE_URL: services().databaseUrl, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a failed test can still clean up everything below it.
      detached: true,
    });
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += String(chunk);
    });
    child.stderr?.on('data', (chunk) => {
      output += String(chunk);
    });
    return { child, output: () => output };
  }

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} to the npm process stops Temporal, the simulator, the worker and the bridge, and frees their ports`, async () => {
      const { child, output } = npmStart();
      try {
        await until(
          'the bridge and the simulator to answer',
          async () => {
            const bridge = await fetch(`http://127.0.0.1:${ports.bridge}/health`).catch(() => undefined);
            const sim = await fetch(`http://127.0.0.1:${ports.sim + 3}/__admin/counters`).catch(() => undefined);
            return bridge?.ok && sim ? true : undefined;
          },
          150_000,
        ).catch((error) => {
          throw new Error(`${error.message}:\n${output()}`);
        });
        // The dashboard's address is printed beside the Temporal UI's, and it serves the demo pair.
        expect(output()).toContain(`Temporal web UI: http://127.0.0.1:${ports.ui}, dashboard: http://127.0.0.1:${ports.bridge}/ui`);
        const dashboard = await fetch(`http://127.0.0.1:${ports.bridge}/ui`);
        expect(dashboard.status).toBe(200);
        expect(await dashboard.text()).toMatch(/<h2 id="pair-demo">demo/);
        const tree = descendants(child.pid!);
        const listening = [ports.temporal, ports.ui, ports.bridge, ports.sim, ports.sim + 1, ports.sim + 2, ports.sim + 3];
        for (const port of listening) expect(await portIsFree('127.0.0.1', port), `port ${port} in use while running`).toBe(false);

        const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
        process.kill(child.pid!, signal);
        await Promise.race([
          exited,
          new Promise((_, reject) => setTimeout(() => reject(new Error(`npm still running:\n${output()}`)), 60_000)),
        ]);

        expect(output()).toContain('"msg":"stopped"');
        expect(
          tree.filter(running).map((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')),
          'processes left running',
        ).toEqual([]);
        for (const port of listening) expect(await portIsFree('127.0.0.1', port), `port ${port} still held`).toBe(true);
      } finally {
        if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
      }
    }, 240_000);
  }

  it('`npx watchsync --help` works on the clone as the README writes it, with no build', () => {
    const help = execFileSync('npx', ['watchsync', '--help'], { cwd: clone, encoding: 'utf8' });
    expect(help).toContain('Usage: watchsync');
    expect(help).toContain('inspect [options] <item>');
  });

  it('leaves git status clean: nothing it wrote or installed is tracked or shows as untracked', () => {
    expect(git(clone, 'status', '--porcelain')).toBe('');
  });
});

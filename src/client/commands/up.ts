import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { type Config, loadConfig } from '../../config';
import { type DevServer, startDevServer } from '../../devserver/temporal';
import { createLogger, type Logger } from '../../log';
import { type Simulator, startSimulator } from '../../sim';
import { demoPairId, noAccountsConfigured, prepareDemo } from '../demo';
import { startPairRun } from '../pair-runs';
import { assertPortsFree } from '../ports';
import { followPairSync, formatPairSyncResult } from '../progress';
import { connectClient, workflowUrl } from '../temporal';

/** The project directory; local state lives in its data/ folder. */
const root = join(__dirname, '..', '..', '..');

/**
 * Runs an entry point (src/*.ts, dist/*.js when built) as a node process. From source it gets tsx's loader
 * however this process was started (`npm start`, `npx watchsync`, the tsx CLI).
 */
function spawnEntry(entry: string, env: NodeJS.ProcessEnv, nodeFlags: string[] = []): ChildProcess {
  const loader = __filename.endsWith('.ts') ? ['--import', pathToFileURL(require.resolve('tsx')).href] : [];
  return spawn(process.execPath, [...nodeFlags, ...loader, require.resolve(join(__dirname, '..', '..', entry))], {
    stdio: 'inherit',
    env,
  });
}

async function startTemporal(config: Config, log: Logger): Promise<DevServer | undefined> {
  if (process.env.TEMPORAL_ADDRESS) {
    log.info({ address: config.temporal.address }, 'using the Temporal server at TEMPORAL_ADDRESS');
    return undefined;
  }
  const [host, port] = config.temporal.address.split(':');
  const ip = host === 'localhost' ? '127.0.0.1' : (host ?? '127.0.0.1');
  const uiPort = Number(new URL(config.temporal.ui_url).port || 8233);
  await assertPortsFree(ip, [
    { port: Number(port), purpose: "the Temporal dev server's frontend (gRPC)", key: 'temporal.address' },
    { port: uiPort, purpose: 'the Temporal web UI', key: 'temporal.ui_url' },
  ]);
  const cliPath = process.env.TEMPORAL_CLI_PATH;
  if (!cliPath) throw new Error('TEMPORAL_CLI_PATH is not set: start watchsync with `npm start`');
  mkdirSync(join(root, 'data'), { recursive: true });
  log.info(`starting the Temporal dev server at ${config.temporal.address} (state in data/temporal.db)`);
  return startDevServer({ cliPath, ip, port: Number(port), uiPort, dbFile: join(root, 'data', 'temporal.db') });
}

async function startDemoSimulator(config: Config): Promise<Simulator> {
  const first = config.sim.port;
  const names = ['Plex Media Server', 'plex.tv', 'Discover', 'Trakt'];
  await assertPortsFree(
    '127.0.0.1',
    first === 0 ? [] : names.map((name, i) => ({ port: first + i, purpose: `the simulated ${name}`, key: 'sim.port' })),
  );
  return startSimulator({ size: 'demo', firstPort: first });
}

/** The demo's first sync: Plex → Trakt on the simulator, with progress bars and the summary. */
async function runDemoSync(config: Config, demoConfigPath: string, log: Logger): Promise<void> {
  const client = await connectClient(config);
  try {
    log.info(
      `No accounts configured: running the demo. Simulated Plex (a library of a few hundred titles) → simulated Trakt, pair "${demoPairId}".`,
    );
    const demoConfig = loadConfig({ ...process.env, WATCHSYNC_CONFIG: demoConfigPath });
    const say = (line: string) => log.info(line);
    const { handle } = await startPairRun(client, demoConfig, { pairId: demoPairId, startedBy: 'the demo (npm start)' }, say);
    const result = await followPairSync(handle);
    process.stdout.write(
      `\n${formatPairSyncResult(result)}\n\nOpen the run in the Temporal web UI: ${workflowUrl(config, handle.workflowId, (await handle.describe()).runId)}\n` +
        'Configure your own accounts in config.json (see README: Configuration) to sync for real. Ctrl-C stops everything.\n',
    );
  } catch (error) {
    log.error({ err: error }, 'the demo sync failed');
  } finally {
    await client.connection.close();
  }
}

function waitForExit(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', resolve));
}

export function registerUpCommand(program: Command): void {
  program
    .command('up')
    .description('start Temporal (unless TEMPORAL_ADDRESS is set), the worker and the bridge; Ctrl-C stops them')
    .action(async () => {
      const config = loadConfig();
      const log = createLogger({ level: config.log.level, name: 'watchsync' });
      const temporal = await startTemporal(config, log);
      // Should this process die of an error, it takes what it started down with it rather than orphan them.
      const owned: ChildProcess[] = temporal ? [temporal.process] : [];
      process.once('exit', () => {
        for (const child of owned) if (child.exitCode === null) child.kill('SIGTERM');
      });
      // With no accounts configured, a demo runs against the simulator (DESIGN.md §1).
      const sim = noAccountsConfigured(config) ? await startDemoSimulator(config) : undefined;
      const demoConfig = sim ? await prepareDemo(root, config, sim) : undefined;
      const env = {
        ...process.env,
        TEMPORAL_ADDRESS: temporal?.address ?? config.temporal.address,
        ...(demoConfig ? { WATCHSYNC_CONFIG: demoConfig } : {}),
      };
      const children = [spawnEntry('worker', env, [`--max-old-space-size=${config.worker.heap_mb}`]), spawnEntry('bridge/main', env)];
      owned.push(...children);
      const bridge = `http://${config.bridge.host}:${config.bridge.port}`;
      const dashboard = config.bridge.dashboard.enabled ? `${bridge}/ui` : undefined;
      log.info(
        { ui: config.temporal.ui_url, dashboard, taskQueue: config.temporal.task_queue, bridge },
        `watchsync is up. Temporal web UI: ${config.temporal.ui_url}${dashboard ? `, dashboard: ${dashboard}` : ''} ` +
          `(the worker polls task queue "${config.temporal.task_queue}"). Ctrl-C stops everything.`,
      );

      if (demoConfig) void runDemoSync(config, demoConfig, log);

      const signalled = new Promise<string>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      });
      // If a child dies on its own, bring everything down rather than run half a system.
      const childDied = Promise.race(children.map((child) => waitForExit(child).then((code) => `a child exited with code ${code}`)));
      const reason = await Promise.race([signalled, childDied]);
      log.info({ reason }, 'stopping worker, bridge and Temporal');
      for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.all(children.map(waitForExit));
      await sim?.close();
      await temporal?.stop();
      log.info('stopped');
      if (!reason.startsWith('SIG')) process.exitCode = 1;
    });
}

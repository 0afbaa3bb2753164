import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ConfigInput, envOverrides } from '../../src/config';
import { services } from './services';

const root = join(__dirname, '..', '..');

export interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  /** SIGKILL: no grace, no cleanup — what a crash or an OOM kill looks like. */
  kill(): Promise<void>;
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<number | null>;
}

/** Writes a config file for a test; the shared dev server and test database are filled in. */
export function writeTestConfig(config: ConfigInput): string {
  const { temporalAddress, databaseUrl } = services();
  const full: ConfigInput = {
    ...config,
    temporal: { address: temporalAddress, ...config.temporal },
    database: { url: databaseUrl, ...config.database },
    log: { level: 'warn', ...config.log },
  };
  const path = join(mkdtempSync(join(tmpdir(), 'watchsync-config-')), 'config.json');
  writeFileSync(path, JSON.stringify(full));
  return path;
}

/** Runs `src/worker.ts` as a real process (so tests can kill it), on the prebuilt test bundle. */
export async function startWorkerProcess(configPath: string, env: NodeJS.ProcessEnv = {}): Promise<WorkerProcess> {
  let output = '';
  // Node itself with tsx's loader, not the tsx CLI: the CLI runs the worker in a child process that a SIGKILL
  // of the CLI would leave running.
  // The config file decides everything: variables that override config keys (DATABASE_URL from `npm test`)
  // would point the worker at another database than the test's.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !(name in envOverrides)));
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src', 'worker.ts')], {
    cwd: root,
    env: {
      ...inherited,
      WATCHSYNC_CONFIG: configPath,
      WATCHSYNC_WORKFLOW_BUNDLE: services().workflowBundlePath,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${output}`)), 60_000);
    const check = () => {
      if (output.includes('worker polling')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code} before polling:\n${output}`));
    });
  }).catch((error) => {
    child.kill('SIGKILL');
    throw error;
  });
  return {
    child,
    output: () => output,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

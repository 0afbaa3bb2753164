import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type ConfigInput, envOverrides } from '../../src/config';
import { writeTestConfig } from './worker-process';

const root = join(__dirname, '..', '..');

export interface CliRun {
  /** Everything printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Exit code and both streams once the command ends. */
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
  /** Sends the process a signal, as Ctrl-C (SIGINT) or a service manager (SIGTERM) does. */
  kill(signal: NodeJS.Signals): void;
}

/** The `watchsync` CLI as a user runs it, against a config file of the test's own. */
export function watchsyncCli(config: ConfigInput): (...args: string[]) => CliRun {
  const configPath = writeTestConfig(config);
  // Variables that override config keys (DATABASE_URL from `npm test`) would point the CLI elsewhere.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !(name in envOverrides)));
  return (...args) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src', 'client', 'cli.ts'), ...args], {
      cwd: root,
      env: { ...inherited, WATCHSYNC_CONFIG: configPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let all = '';
    child.stdout.on('data', (chunk) => {
      stdout += String(chunk);
      all += String(chunk);
    });
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
      all += String(chunk);
    });
    const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
      child.once('close', (code) => resolve({ code, stdout, stderr })),
    );
    return { output: () => all, done, kill: (signal) => void child.kill(signal) };
  };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** How a CLI run is set up: its config file, extra variables, and whether it runs without root's rights. */
export interface CliSetup {
  path: string;
  env?: NodeJS.ProcessEnv;
  /**
   * When the tests run as root: run without the capability (CAP_DAC_OVERRIDE) that lets root write even a read-only
   * file, so a permission check sees what a user's would. Root keeps its uid, and so can still read a checkout that
   * only root may enter (a `mktemp -d` clone), which an ordinary user could not.
   */
  unprivileged?: boolean;
}

/**
 * Runs `watchsync <args>` as a user does (the CLI's source through tsx) with that config file (and extra variables). Variables
 * that override config keys are left out, so the file decides (DATABASE_URL from `npm test` would not).
 */
export function cli(config: string | CliSetup, ...args: string[]): Promise<CliResult> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !(name in envOverrides)));
  const { path, env = {}, unprivileged = false } = typeof config === 'string' ? { path: config } : config;
  const command = [join(root, 'node_modules', '.bin', 'tsx'), join(root, 'src', 'client', 'cli.ts'), ...args];
  const dropOverride = unprivileged && process.getuid?.() === 0;
  const [file, ...rest] = dropOverride
    ? ['setpriv', '--inh-caps=-dac_override', '--bounding-set=-dac_override', '--', ...command]
    : command;
  return promisify(execFile)(file!, rest, {
    env: { ...inherited, WATCHSYNC_CONFIG: path, ...env },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

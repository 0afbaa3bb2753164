import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger, Runtime } from '@temporalio/worker';
import { Client as PgClient } from 'pg';
import { type ConfigInput, envOverrides, parseConfig } from '../src/config';
import { type DevServer, startDevServer } from '../src/devserver/temporal';
import { workflowsPath } from '../src/worker';

const root = join(__dirname, '..');

/** What a benchmark needs from the environment; `npm test`'s scripts print both. */
export function requireEnv(): { cliPath: string; databaseUrl: string } {
  const cliPath = process.env.TEMPORAL_CLI_PATH;
  const databaseUrl = process.env.DATABASE_URL;
  if (!cliPath || !databaseUrl) {
    throw new Error('set TEMPORAL_CLI_PATH=$(bash scripts/ensure-temporal.sh) DATABASE_URL=$(bash scripts/ensure-postgres.sh)');
  }
  return { cliPath, databaseUrl };
}

export async function startBenchServer(cliPath: string): Promise<DevServer> {
  return startDevServer({ cliPath, headless: true });
}

export interface WorkerProcess {
  child: ChildProcess;
  /** Peak resident set size so far (VmHWM), in MB. */
  peakRssMb(): number;
  stop(): Promise<void>;
  /** SIGKILL: a crash, no grace. */
  kill(): Promise<void>;
}

let bundle: Promise<string> | undefined;

/** The workflow bundle, built once per benchmark process and shared by every worker it starts. */
function workflowBundle(): Promise<string> {
  bundle ??= (async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'watchsync-bench-')), 'workflow-bundle.js');
    const { code } = await bundleWorkflowCode({
      workflowsPath,
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} } as never,
    });
    writeFileSync(path, code);
    return path;
  })();
  return bundle;
}

function withoutConfigOverrides(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !(name in envOverrides)));
}

/** The worker as users run it (src/worker.ts, own process), on a prebuilt bundle, with a config file. */
export async function startWorker(config: ConfigInput): Promise<WorkerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'watchsync-bench-'));
  const configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify(config));
  const bundlePath = await workflowBundle();
  // Launched as `watchsync up` and the container launch it: with the configured heap.
  const heap = `--max-old-space-size=${parseConfig(config).worker.heap_mb}`;
  const child = spawn(process.execPath, [heap, '--import', 'tsx', join(root, 'src', 'worker.ts')], {
    // The config file is the benchmark's whole config: an exported DATABASE_URL (say) must not override it.
    env: { ...withoutConfigOverrides(process.env), WATCHSYNC_CONFIG: configPath, WATCHSYNC_WORKFLOW_BUNDLE: bundlePath },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk) => {
      if (String(chunk).includes('worker polling')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
  child.stdout?.resume();
  return {
    child,
    peakRssMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return Math.round(kb / 1024);
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

export function countsOf(counts: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...counts.entries()].filter(([route]) => !route.includes('__admin')).sort());
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

export async function withDatabase<T>(adminUrl: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `watchsync_bench_${process.pid}`;
  const admin = new PgClient({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

/**
 * A benchmark's entry: a headless Temporal dev server and a database of its own for `run`, whose result is
 * printed as JSON; both are removed afterwards.
 */
export async function runBenchmark(run: (temporalAddress: string, databaseUrl: string) => Promise<unknown>): Promise<void> {
  const { cliPath, databaseUrl } = requireEnv();
  Runtime.install({ logger: new DefaultLogger('ERROR'), shutdownSignals: [] });
  const server = await startBenchServer(cliPath);
  try {
    const result = await withDatabase(databaseUrl, (url) => run(server.address, url));
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await server.stop();
  }
}

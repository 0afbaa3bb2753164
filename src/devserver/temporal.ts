import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Connection } from '@temporalio/client';

/**
 * Dynamic config of every server watchsync starts. Temporal's history service polls its transfer queue at most
 * 20 times a second per shard by default; every workflow and activity task of a live scrobble waits for that
 * poll (two ~40 ms hops, measured), which alone put a frame's way to Trakt at ~100 ms. 1,000 polls/s brought it
 * to ~28 ms; a home server's database is nowhere near busy enough for the extra polls to matter.
 * The timer queue fires no timer earlier than `timerProcessorMaxTimeShift` (default 1 s) after it was set: a Stash
 * push's 500 ms debounce fired after ~990 ms (bench/stash-push.ts); at 50 ms it fires on time.
 */
export const dynamicConfig = {
  'history.transferProcessorMaxPollRPS': 1000,
  'history.timerProcessorMaxTimeShift': '50ms',
} as const;

/** Search attributes watchsync sets on its workflows, registered on every server it starts. */
export const searchAttributes = { WatchsyncPair: 'Keyword', WatchsyncKind: 'Keyword' } as const;

export interface DevServerOptions {
  cliPath: string;
  /** gRPC port; 0 picks a free one. */
  port?: number;
  uiPort?: number;
  headless?: boolean;
  /** SQLite file for durable state; in memory when absent. */
  dbFile?: string;
  ip?: string;
  /** Where the server's own output goes (default: discarded). */
  output?: NodeJS.WritableStream;
}

export interface DevServer {
  address: string;
  uiUrl?: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts `temporal server start-dev` and resolves once its frontend answers. */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const ip = options.ip ?? '127.0.0.1';
  const port = options.port || (await freePort());
  const args = ['server', 'start-dev', '--ip', ip, '--port', String(port), '--log-level', 'error'];
  for (const [name, type] of Object.entries(searchAttributes)) args.push('--search-attribute', `${name}=${type}`);
  for (const [key, value] of Object.entries(dynamicConfig)) args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  const uiPort = options.headless ? undefined : (options.uiPort ?? port + 1000);
  if (uiPort === undefined) args.push('--headless');
  else args.push('--ui-port', String(uiPort));

  const child = spawn(options.cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  // The last of its error output: when it exits before it is ready, that is the reason (a busy port, a bad flag).
  let lastErrors = '';
  child.stderr?.on('data', (chunk) => {
    lastErrors = (lastErrors + String(chunk)).slice(-2_000);
  });
  if (options.output) {
    child.stdout?.pipe(options.output, { end: false });
    child.stderr?.pipe(options.output, { end: false });
  } else child.stdout?.resume();
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) =>
      reject(new Error(`temporal server start-dev exited with code ${code} before it was ready: ${lastErrors.trim() || '(no output)'}`)),
    ),
  );
  exited.catch(() => undefined);
  const address = `${ip}:${port}`;
  await Promise.race([waitUntilServing(address), exited]);

  return {
    address,
    uiUrl: uiPort === undefined ? undefined : `http://${ip === '0.0.0.0' ? 'localhost' : ip}:${uiPort}`,
    process: child,
    async stop() {
      if (child.exitCode !== null) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

async function waitUntilServing(address: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace: 'default' });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`Temporal at ${address} did not become ready: ${String(lastError)}`);
}

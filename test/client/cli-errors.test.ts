import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, TemporalUnreachableError } from '../../src/client/temporal';
import { loadConfig } from '../../src/config';
import { freePort, startDevServer } from '../../src/devserver/temporal';
import { cli } from '../support/cli';
import { startWorkerProcess, type WorkerProcess, writeTestConfig } from '../support/worker-process';

function listen(port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
const portOf = (server: Server) => (server.address() as { port: number }).port;

describe('CLI errors say what is wrong and what to do, and exit 1', () => {
  let busy: Server;
  beforeAll(async () => {
    busy = await listen();
  });
  afterAll(() => new Promise((resolve) => busy.close(resolve)));

  it('Temporal down: names the address and that npm start runs it, at once', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const config = writeTestConfig({ temporal: { address }, pairs: [{ id: 'main', source: 'plex', target: 'trakt' }] });
    const started = Date.now();
    await expect(connectClient(loadConfig({ WATCHSYNC_CONFIG: config }), {})).rejects.toThrow(TemporalUnreachableError);
    expect(Date.now() - started, 'a refused connection is not waited out').toBeLessThan(2_000);
    const { code, stderr } = await cli(config, 'sync', 'main');
    expect(code).toBe(1);
    expect(stderr).toContain(`Temporal is not reachable at ${address} (connection refused)`);
    expect(stderr).toContain('`npm start` runs a Temporal dev server at this address (config temporal.address)');
  });

  it('`up` with the Temporal port taken: names the port, what needs it and the key that moves it; starts nothing', async () => {
    const port = portOf(busy);
    const config = writeTestConfig({ temporal: { address: `127.0.0.1:${port}`, ui_url: `http://127.0.0.1:${await freePort()}` } });
    const { code, stderr } = await cli(config, 'up');
    expect(code).toBe(1);
    expect(stderr).toContain(
      `port ${port} on 127.0.0.1 is in use; watchsync needs it for the Temporal dev server's frontend (gRPC). ` +
        'Another `npm start` or Temporal server still running? Stop it, or choose another port with temporal.address in config.json',
    );
  });

  it("the dev server's own reason is passed on when it cannot start", async () => {
    const port = portOf(busy);
    const cliPath = execFileSync('bash', [join(__dirname, '..', '..', 'scripts', 'ensure-temporal.sh')], { encoding: 'utf8' }).trim();
    const error = await startDevServer({ cliPath, port: await freePort(), uiPort: port }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(new RegExp(`exited with code \\d+ before it was ready: .*${port}.*(address already in use|bind)`, 's'));
  });

  it('unknown pair: sync, schedule set, forget and unresolved thaw name it and the configured pairs', async () => {
    const config = writeTestConfig({ pairs: [{ id: 'main', source: 'plex', target: 'trakt' }] });
    for (const args of [
      ['sync', 'nope'],
      ['schedule', 'set', 'nope', '--every', '6h'],
      ['forget', 'nope'],
      ['unresolved', 'thaw', 'nope'],
    ]) {
      const { code, stderr } = await cli(config, ...args);
      expect(code, args.join(' ')).toBe(1);
      expect(stderr, args.join(' ')).toMatch(/^pairs: no pair "nope" in the config \(.*config\.json\); configured: main\n/);
    }
  });

  describe('when the running worker reads another config than the CLI', () => {
    let worker: WorkerProcess;
    let workerConfig: string;
    const taskQueue = `other-config-${Date.now()}`;
    beforeAll(async () => {
      workerConfig = writeTestConfig({ temporal: { task_queue: taskQueue }, pairs: [{ id: 'demo', source: 'plex', target: 'trakt' }] });
      worker = await startWorkerProcess(workerConfig);
    });
    afterAll(async () => {
      await worker?.stop();
    });

    it('an unknown pair that the worker has: the CLI says which config to use', async () => {
      const mine = writeTestConfig({ temporal: { task_queue: taskQueue } });
      const { code, stderr } = await cli(mine, 'sync', 'demo');
      expect(code).toBe(1);
      expect(stderr).toContain('pairs: no pair "demo" in the config');
      expect(stderr).toContain(
        `The worker polling task queue "${taskQueue}" runs with ${workerConfig}, which has pair "demo": run the CLI with WATCHSYNC_CONFIG=${workerConfig}`,
      );
    });
  });
});

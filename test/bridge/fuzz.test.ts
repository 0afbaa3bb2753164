import { randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../src/activities';
import { startBridge } from '../../src/bridge/bridge';
import { parseConfig } from '../../src/config';
import { freePort } from '../../src/devserver/temporal';
import { createLogger } from '../../src/log';
import { createPool, type Pool } from '../../src/store/db';
import { eventually, workflowStatus } from '../scrobble/harness';
import { services } from '../support/services';
import { withWorker } from '../support/temporal';
import { startFakePms } from './fake-pms';
import { badFrames, badWebhookRequests } from './malformed';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('the bridge refuses malformed webhooks and websocket frames, signals nothing and keeps serving', () => {
  let db: Pool;
  beforeAll(() => {
    db = createPool(services().databaseUrl, 2);
  });
  afterAll(() => db.end());

  it('1,200 bad webhook bodies and 1,200 bad frames: every one refused, memory flat, /health still answers', async () => {
    const serverUuid = `fuzz-${randomUUID()}`;
    const pms = await startFakePms(serverUuid);
    const taskQueue = `fuzz-${randomUUID()}`;
    const secret = randomUUID();
    const maxBodyBytes = 64 * 1024;
    const config = parseConfig({
      temporal: { address: services().temporalAddress, task_queue: taskQueue },
      bridge: {
        port: await freePort(),
        max_body_bytes: maxBodyBytes,
        webhook: { enabled: true },
        webhook_secret: secret,
        watch: { enabled: true, reconnect_backoff_min_seconds: 0.2, reconnect_backoff_max_seconds: 1 },
      },
      plex: { account_token: 'fuzz-token', pms_url: pms.url },
      scrobble: { enabled: true },
    });
    const bridge = await startBridge({ config, log: createLogger({ level: 'silent' }) });
    try {
      await withWorker(
        createActivities({ db }),
        async (ctx) => {
          await eventually(() => pms.connected() && bridge.watcher?.status().eventsDelivered === 1, 'the websocket and its first snapshot');
          const webhook = `${bridge.url}/webhook/plex?token=${secret}`;
          const round = async (seed: number) => {
            const statuses = new Map<number, number>();
            for (const bad of badWebhookRequests(600, serverUuid, maxBodyBytes, seed)) {
              const response = await request(webhook, { method: 'POST', headers: { 'content-type': bad.contentType }, body: bad.body });
              await response.body.dump();
              statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
            }
            for (const frame of badFrames(600, maxBodyBytes, seed)) pms.send(frame);
            return statuses;
          };

          const first = await round(1);
          await eventually(() => bridge.watcher?.status().framesReceived === 600, 'the first frames');
          const before = heapAfterGc();
          const second = await round(2);
          await eventually(() => bridge.watcher?.status().framesReceived === 1200, 'the second frames');
          const growth = heapAfterGc() - before;

          for (const statuses of [first, second]) {
            expect(
              [...statuses.keys()].every((status) => status >= 400 && status < 500),
              JSON.stringify([...statuses]),
            ).toBe(true);
            expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(600);
          }
          expect(bridge.watcher?.status()).toMatchObject({
            framesReceived: 1200,
            framesRejected: 1200,
            eventsDelivered: 1,
            state: 'connected',
          });
          // Only the snapshot sent on connect ever reached the workflow.
          const status = await workflowStatus(ctx, serverUuid);
          expect(status.eventsReceived).toBe(1);
          expect(status.sessions).toEqual([]);
          expect(growth, `heap grew by ${growth} bytes`).toBeLessThan(8 * 1024 * 1024);
          const health = await request(`${bridge.url}/health`);
          expect(health.statusCode).toBe(200);
          expect(await health.body.json()).toMatchObject({ status: 'ok', watcher: 'connected' });
        },
        { taskQueue },
      );
    } finally {
      await bridge.close();
      await pms.close();
    }
  }, 120_000);
});

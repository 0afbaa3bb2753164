import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBridge, startBridge } from '../../src/bridge/bridge';
import { parseConfig } from '../../src/config';
import { freePort } from '../../src/devserver/temporal';
import { createLogger } from '../../src/log';
import { externalAddress } from '../support/network';

/** What a webhook's sender sees of the bridge's HTTP side (issue 17, item 5). No Temporal needed: scrobbling is off. */

const secret = randomBytes(32).toString('hex');
const adminToken = randomBytes(32).toString('hex');
const maxBodyBytes = 1024 * 1024;
const timeouts = { headersMs: 500, requestMs: 1_500 };

/** A body of `total` bytes produced lazily, counting what the client actually got to send. */
function countingBody(total: number, prefix: Buffer): { stream: Readable; pulled: () => number } {
  let pulled = 0;
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const stream = new Readable({
    read() {
      if (pulled === 0) {
        pulled += prefix.length;
        this.push(prefix);
        return;
      }
      if (pulled >= total) return this.push(null);
      const next = chunk.subarray(0, Math.min(chunk.length, total - pulled));
      pulled += next.length;
      this.push(next);
    },
  });
  return { stream, pulled: () => pulled };
}

/** Opens a raw connection, writes `text`, and resolves with what the server answered and when, once it closes. */
function rawExchange(port: number, text: string): Promise<{ answer: string; afterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let answer = '';
    const socket: Socket = connect(port, '127.0.0.1', () => socket.write(text));
    socket.on('data', (data) => {
      answer += String(data);
    });
    socket.on('error', reject);
    socket.on('close', () => resolve({ answer, afterMs: Date.now() - started }));
    setTimeout(() => socket.destroy(new Error(`no answer within 10 s: ${answer}`)), 10_000);
  });
}

describe('the bridge over HTTP: limits, deadlines and what it tells strangers', () => {
  let bridge: RunningBridge;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    const config = parseConfig({
      bridge: {
        host: '0.0.0.0',
        port,
        max_body_bytes: maxBodyBytes,
        webhook: { enabled: true },
        webhook_secret: secret,
        admin_token: adminToken,
      },
    });
    bridge = await startBridge({ config, log: createLogger({ level: 'silent' }), timeouts });
  });
  afterAll(() => bridge.close());

  const webhook = () => `http://127.0.0.1:${port}/webhook/plex?token=${secret}`;

  it('a multipart body without a boundary, or a broken one, is a 400 naming the problem, not a 500', async () => {
    for (const [contentType, error] of [
      ['multipart/form-data', /without a boundary/],
      ['multipart/form-data; boundary=nothing', /malformed multipart/],
    ] as const) {
      const response = await request(webhook(), { method: 'POST', headers: { 'content-type': contentType }, body: 'payload' });
      expect(response.statusCode).toBe(400);
      expect(((await response.body.json()) as { error: string }).error).toMatch(error);
    }
  });

  it('a 50 MB multipart body gets 413 once the limit is crossed, long before the client has sent it all', async () => {
    const head = Buffer.from('--b\r\nContent-Disposition: form-data; name="thumb"; filename="t.jpg"\r\nContent-Type: image/jpeg\r\n\r\n');
    const total = 50 * 1024 * 1024;
    // Declared length: refused before a byte of the body is read.
    const declared = countingBody(total, head);
    const first = await request(webhook(), {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=b', 'content-length': String(total) },
      body: declared.stream,
    }).catch((error: Error) => error);
    // Chunked, no length: refused once the limit is crossed.
    const chunked = countingBody(total, head);
    const second = await request(webhook(), {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
      body: chunked.stream,
    }).catch((error: Error) => error);
    for (const [response, body] of [
      [first, declared],
      [second, chunked],
    ] as const) {
      expect(response, String(response)).not.toBeInstanceOf(Error);
      if (response instanceof Error) return;
      expect(response.statusCode).toBe(413);
      await response.body.dump();
      expect(body.pulled(), `${body.pulled()} bytes sent of ${total}`).toBeLessThan(10 * 1024 * 1024);
    }
    const health = await request(`http://127.0.0.1:${port}/health`);
    expect(health.statusCode, 'the bridge keeps serving').toBe(200);
    await health.body.dump();
  });

  it('closes a connection whose headers, or whose body, trickle in too slowly (408)', async () => {
    const slowHeaders = await rawExchange(port, 'POST /webhook/plex HTTP/1.1\r\nHost: bridge\r\n');
    expect(slowHeaders.answer).toMatch(/^HTTP\/1\.1 408/);
    expect(slowHeaders.afterMs).toBeLessThan(timeouts.headersMs + 3_000);
    const slowBody = await rawExchange(
      port,
      `POST /webhook/plex?token=${secret} HTTP/1.1\r\nHost: bridge\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"event":`,
    );
    expect(slowBody.answer).toMatch(/^HTTP\/1\.1 408/);
    expect(slowBody.afterMs).toBeLessThan(timeouts.requestMs + 3_000);
  });

  it('the 404 of a mistyped webhook URL names the path, never the secret in ?token=', async () => {
    const response = await request(`http://127.0.0.1:${port}/webhook/plx?token=${secret}`, { method: 'POST' });
    expect(response.statusCode).toBe(404);
    const text = await response.body.text();
    expect(text).toContain('/webhook/plx');
    expect(text).not.toContain(secret);
  });

  it('ops endpoints asked from another machine need the admin token; /health then says only "ok"', async () => {
    const remote = `http://${externalAddress()}:${port}`;
    const local = `http://127.0.0.1:${port}`;
    const get = async (url: string, token?: string) => {
      const response = await request(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
      return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
    };
    expect(await get(`${remote}/health`)).toEqual({ status: 200, body: { status: 'ok' } });
    expect((await get(`${remote}/ops/logs`)).status).toBe(401);
    expect((await get(`${remote}/ops/logs`, 'wrong-token')).status).toBe(401);
    expect((await get(`${remote}/ops/watcher`)).status).toBe(401);
    expect(await get(`${remote}/ops/logs`, adminToken)).toMatchObject({ status: 200, body: { lines: expect.any(Array) } });
    expect(await get(`${remote}/health`, adminToken)).toMatchObject({ status: 200, body: { features: expect.any(Object) } });
    // On the bridge's own machine (the container healthcheck, a local CLI) nothing changes.
    expect(await get(`${local}/health`)).toMatchObject({ status: 200, body: { status: 'ok', watcher: 'disabled' } });
    expect((await get(`${local}/ops/logs`)).status).toBe(200);
  });
});

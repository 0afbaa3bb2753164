import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { createTraktSim, type TraktSim, type TraktSimOptions } from './index';

export interface SimResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or undefined for an empty body. */
  body: unknown;
}

export interface CallOptions {
  /** Access token for `Authorization: Bearer`. */
  token?: string;
  body?: unknown;
  /** Extra or replacement headers (e.g. a wrong `trakt-api-key`, `If-None-Match`). */
  headers?: Record<string, string>;
}

/** A simulator listening on loopback, and a small client that talks to it over real HTTP. */
export interface RunningTraktSim {
  sim: TraktSim;
  url: string;
  call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, options?: CallOptions): Promise<SimResponse>;
  close(): Promise<void>;
}

/** Starts a Trakt simulator on 127.0.0.1 with a random port (for tests and benchmarks). */
export async function startTraktSim(options: TraktSimOptions): Promise<RunningTraktSim> {
  const sim = createTraktSim(options);
  await sim.app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(sim.app.server.address() as AddressInfo).port}`;
  return {
    sim,
    url,
    async call(method, path, { token, body, headers } = {}) {
      const { 'content-type': contentType, ...common } = sim.headers(token);
      const response = await request(`${url}${path}`, {
        method,
        headers: { ...common, ...(body === undefined ? {} : { 'content-type': contentType }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.body.text();
      return { status: response.statusCode, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
    },
    close: () => sim.app.close(),
  };
}

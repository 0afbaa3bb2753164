import { type Dispatcher, request } from 'undici';
import type { z } from 'zod';
import { redactText, redactUrl } from '../secrets';

/**
 * The one way providers talk HTTP: undici, JSON or text bodies, typed errors that carry what happened
 * (status, method, endpoint with secrets masked, Retry-After) and zod validation of every payload.
 * Retrying is not done here: Temporal's activity retry policies own that.
 */

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly endpoint: string,
    readonly body: string,
    /** From Retry-After (seconds or an HTTP date), when the server sent one. */
    readonly retryAfterMs?: number,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${method} ${endpoint} answered ${status}${body ? `: ${redactText(body.slice(0, 200))}` : ''}`);
    this.name = 'HttpError';
  }
}

/** The server could not be reached or did not answer in time. */
export class NetworkError extends Error {
  constructor(
    readonly method: string,
    readonly endpoint: string,
    cause: unknown,
  ) {
    super(`${method} ${endpoint} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'NetworkError';
  }
}

/** A 2xx answer whose body is not what the service documents. */
export class PayloadError extends Error {
  constructor(
    readonly endpoint: string,
    readonly problems: string[],
  ) {
    super(`${endpoint} returned an unexpected payload: ${problems.slice(0, 5).join('; ')}`);
    this.name = 'PayloadError';
  }
}

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is (an image upload); `json` wins when both are set. */
  body?: Buffer | string;
  timeoutMs?: number;
  dispatcher?: Dispatcher;
  /** Statuses that are answers, not errors (e.g. 304, 409). 2xx always are. */
  accept?: number[];
  /**
   * The answer carries credentials (a token grant, a user with its token): errors quote none of it, not even an
   * error page's, since a garbled, truncated or proxied answer may still hold the token.
   */
  secretAnswer?: boolean;
}

export interface HttpResponse<T> {
  status: number;
  headers: Record<string, string>;
  data: T;
}

export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).flatMap(([k, v]) => (v === undefined ? [] : [[k.toLowerCase(), Array.isArray(v) ? v.join(', ') : v]])),
  );
}

export function buildUrl(base: string, query?: HttpRequest['query']): URL {
  const url = new URL(base);
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
  return url;
}

/** Sends a request and returns the body as `read` decodes it; non-accepted statuses throw HttpError. */
async function send<T>(req: HttpRequest, read: (body: Dispatcher.ResponseData['body']) => Promise<T>): Promise<HttpResponse<T>> {
  const method = req.method ?? 'GET';
  const url = buildUrl(req.url, req.query);
  const endpoint = redactUrl(`${url.origin}${url.pathname}${url.search}`);
  const json = req.json !== undefined;
  const headers = { ...req.headers, ...(json ? { 'content-type': 'application/json' } : {}) };
  let response: Dispatcher.ResponseData;
  try {
    response = await request(url, {
      method,
      headers,
      body: json ? JSON.stringify(req.json) : req.body,
      headersTimeout: req.timeoutMs ?? 30_000,
      bodyTimeout: req.timeoutMs ?? 30_000,
      dispatcher: req.dispatcher,
    });
  } catch (error) {
    throw new NetworkError(method, endpoint, error);
  }
  const responseHeaders = flattenHeaders(response.headers);
  const ok = (response.statusCode >= 200 && response.statusCode < 300) || (req.accept ?? []).includes(response.statusCode);
  try {
    if (!ok) {
      const text = await response.body.text();
      const quoted = req.secretAnswer ? '' : text;
      throw new HttpError(response.statusCode, method, endpoint, quoted, parseRetryAfter(responseHeaders['retry-after']), responseHeaders);
    }
    return { status: response.statusCode, headers: responseHeaders, data: await read(response.body) };
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new NetworkError(method, endpoint, error);
  }
}

/** Sends a request and returns the raw text body; non-accepted statuses throw HttpError. */
export function requestText(req: HttpRequest): Promise<HttpResponse<string>> {
  return send(req, (body) => body.text());
}

/** Sends a request and returns the body's bytes (images); non-accepted statuses throw HttpError. */
export function requestBytes(req: HttpRequest): Promise<HttpResponse<Buffer>> {
  return send(req, async (body) => Buffer.from(await body.arrayBuffer()));
}

/** Sends a request and validates the JSON answer with `schema` (an empty body parses as undefined). */
export async function requestJson<S extends z.ZodType>(req: HttpRequest, schema: S): Promise<HttpResponse<z.infer<S>>> {
  const response = await requestText({ ...req, headers: { accept: 'application/json', ...req.headers } });
  const endpoint = redactUrl(buildUrl(req.url, req.query).toString());
  let parsed: unknown;
  try {
    parsed = response.data === '' ? undefined : JSON.parse(response.data);
  } catch {
    throw new PayloadError(endpoint, [`not JSON: ${describeBody(response)}`]);
  }
  return { ...response, data: validate(endpoint, schema, parsed) };
}

/**
 * What an unparsable answer looked like, without quoting it: any answer may carry a secret (a truncated token
 * grant, an error page echoing the request), and the type and size tell an HTML page from a cut-off body.
 */
export function describeBody(response: HttpResponse<string>): string {
  return `${response.headers['content-type'] ?? 'no content-type'}, ${Buffer.byteLength(response.data)} bytes`;
}

export function validate<S extends z.ZodType>(endpoint: string, schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new PayloadError(
      endpoint,
      result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  return result.data;
}

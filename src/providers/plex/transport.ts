/**
 * How the Plex provider talks to its four hosts (PMS, plex.tv, Discover, the metadata service): every
 * request goes through ../http.ts with Plex's identification headers, the token in a header (never the
 * URL, so it cannot leak into error messages) and a zod schema. PMS answers JSON when asked, but a PMS
 * (or proxy) that sends XML anyway is parsed with `parsePmsXml` into the same shape.
 */
import { Agent, type Dispatcher } from 'undici';
import type { z } from 'zod';
import { describeBody, type HttpRequest, type HttpResponse, PayloadError, requestText, validate } from '../http';
import { parsePmsXml } from './schemas';

/** A PMS on https://<ip>:32400 has a certificate for *.plex.direct, or a self-signed one: accept it when asked. */
export function pmsTlsAgent(allowSelfSigned: boolean): Agent | undefined {
  return allowSelfSigned ? new Agent({ connect: { rejectUnauthorized: false } }) : undefined;
}

export interface PlexHost {
  baseUrl: string;
  token: string;
  /** Overrides the transport's dispatcher for this host. */
  dispatcher?: Dispatcher;
}

export interface PlexRequest {
  method?: HttpRequest['method'];
  path: string;
  query?: HttpRequest['query'];
  headers?: Record<string, string>;
  /** Statuses that are answers, not errors (2xx always are). */
  accept?: number[];
  /** A raw body (an image upload); set its content-type in `headers`. */
  body?: Buffer;
  /** The answer carries a token (plex.tv user, Home switch, resources): errors quote none of it. */
  secretAnswer?: boolean;
}

export interface PlexTransport {
  /** Sends a request and validates the (JSON or XML) answer. */
  get<S extends z.ZodType>(host: PlexHost, req: PlexRequest, schema: S): Promise<HttpResponse<z.infer<S>>>;
  /** Sends a request whose answer body does not matter (writes). */
  send(host: PlexHost, req: PlexRequest): Promise<HttpResponse<string>>;
}

export interface TransportOptions {
  clientIdentifier: string;
  dispatcher?: Dispatcher;
  timeoutMs?: number;
}

const product = 'watchsync';

export function createTransport(options: TransportOptions): PlexTransport {
  const toRequest = (host: PlexHost, req: PlexRequest): HttpRequest => ({
    method: req.method ?? 'GET',
    url: joinUrl(host.baseUrl, req.path),
    query: req.query,
    headers: {
      accept: 'application/json',
      'X-Plex-Token': host.token,
      'X-Plex-Client-Identifier': options.clientIdentifier,
      'X-Plex-Product': product,
      ...req.headers,
    },
    dispatcher: host.dispatcher ?? options.dispatcher,
    timeoutMs: options.timeoutMs,
    accept: req.accept,
    body: req.body,
    secretAnswer: req.secretAnswer,
  });

  return {
    async get(host, req, schema) {
      const response = await requestText(toRequest(host, req));
      const endpoint = `${req.method ?? 'GET'} ${req.path}`;
      return { ...response, data: validate(endpoint, schema, parseBody(endpoint, response)) };
    },
    send: (host, req) => requestText(toRequest(host, req)),
  };
}

function parseBody(endpoint: string, response: HttpResponse<string>): unknown {
  const text = response.data.trim();
  if (text === '') return undefined;
  try {
    return text.startsWith('<') ? parsePmsXml(text) : JSON.parse(text);
  } catch {
    throw new PayloadError(endpoint, [`neither JSON nor XML: ${describeBody(response)}`]);
  }
}

function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
}

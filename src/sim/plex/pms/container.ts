/**
 * How every PMS answer leaves the server: a MediaContainer in XML (the default) or JSON (`Accept:
 * application/json`), and for lists PMS's paging (`X-Plex-Container-Start`/`-Size` as headers or query
 * parameters; `X-Plex-Container-Start`/`-Total-Size` response headers and `offset/size/totalSize` in the body).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { routeLabel } from '../../faults';
import type { PageFaults } from './page-faults';
import { toPmsXml } from './xml';

type Json = Record<string, unknown>;

export function wantsJson(req: FastifyRequest): boolean {
  return (req.headers.accept ?? '').includes('application/json');
}

export function sendContainer(req: FastifyRequest, reply: FastifyReply, container: Json): FastifyReply {
  const body = { MediaContainer: container };
  if (wantsJson(req)) return reply.type('application/json').send(JSON.stringify(body));
  return reply.type('text/xml;charset=utf-8').send(toPmsXml(body));
}

/** PMS answers unknown items and bad parameters with a bare status page. */
export function sendStatus(reply: FastifyReply, status: 400 | 401 | 403 | 404): FastifyReply {
  const text = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status];
  return reply
    .code(status)
    .type('text/html')
    .send(`<html><head><title>${text}</title></head><body><h1>${status} ${text}</h1></body></html>`);
}

function pagingParam(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers[name.toLowerCase()];
  if (typeof header === 'string') return header;
  const value = (req.query as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

interface Paging {
  start: number;
  size: number | undefined;
  /** The client asked for a page: the answer then carries offset/totalSize and the paging headers. */
  requested: boolean;
}

function readPaging(req: FastifyRequest): Paging | undefined {
  const start = pagingParam(req, 'X-Plex-Container-Start');
  const size = pagingParam(req, 'X-Plex-Container-Size');
  const startN = start === undefined ? 0 : Number(start);
  const sizeN = size === undefined ? undefined : Number(size);
  if (!Number.isInteger(startN) || startN < 0 || (sizeN !== undefined && (!Number.isInteger(sizeN) || sizeN < 0))) return undefined;
  return { start: startN, size: sizeN, requested: start !== undefined || size !== undefined };
}

export interface PageSpec<T> {
  /** Container attributes besides size/offset/totalSize. */
  attributes: Json;
  /** `Metadata`, `Directory` or `Account`. */
  key: string;
  entries: readonly T[];
  render(entry: T): Json;
  pageFaults?: PageFaults;
}

/** Sends one page of a list; only the entries on the page are rendered. */
export function sendPage<T>(req: FastifyRequest, reply: FastifyReply, spec: PageSpec<T>): FastifyReply {
  const paging = readPaging(req);
  if (!paging) return sendStatus(reply, 400);
  const limit = Number((req.query as Record<string, unknown>).limit);
  // `limit` cuts the list before paging; only the page itself is copied and rendered.
  const total = Number.isInteger(limit) && limit >= 0 ? Math.min(limit, spec.entries.length) : spec.entries.length;
  const fault = paging.requested ? spec.pageFaults?.take(routeLabel(req), paging.start) : undefined;
  if (fault?.refuse) {
    req.raw.socket.destroy();
    return reply.hijack();
  }
  if (fault)
    return reply
      .code(fault.status ?? 500)
      .type('text/html')
      .send('<html><body><h1>Internal Server Error</h1></body></html>');

  const end = paging.size === undefined ? total : Math.min(total, paging.start + paging.size);
  const page: Json[] = [];
  for (let i = paging.start; i < end; i++) page.push(spec.render(spec.entries[i] as T));
  const container: Json = { size: page.length };
  if (paging.requested) {
    container.totalSize = total;
    container.offset = paging.start;
    reply.header('X-Plex-Container-Start', String(paging.start)).header('X-Plex-Container-Total-Size', String(total));
  }
  Object.assign(container, spec.attributes);
  // Past the end PMS leaves the list out entirely rather than sending an empty one.
  if (page.length > 0) container[spec.key] = page;
  return sendContainer(req, reply, container);
}

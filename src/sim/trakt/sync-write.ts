import type { FastifyInstance } from 'fastify';
import { type BulkDepth, type BulkResolution, resolveBulk } from './bulk';
import { type SimContext, sendError, userOf } from './http';
import type { TraktUser } from './state';

/** What a sync write answers; `status` defaults to the route's (201 for adds, 200 for removes). */
export interface SyncAnswer {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
}

export interface SyncWrite {
  user: TraktUser;
  resolution: BulkResolution;
  body: Record<string, unknown>;
  now: number;
}

/**
 * A POST /sync/... route: resolves the body's items against the catalog (400 when malformed), applies the
 * change to the user's data and answers with Trakt's add/remove summary.
 */
export function syncWriteRoute(
  scope: FastifyInstance,
  ctx: SimContext,
  path: string,
  options: { depth: BulkDepth; status: 200 | 201 },
  apply: (write: SyncWrite) => SyncAnswer,
): void {
  scope.post(path, async (req, reply) => {
    const resolution = resolveBulk(ctx.state.catalog, req.body, options.depth);
    if (typeof resolution === 'string') return sendError(reply, 400, 'bad_request', resolution);
    const answer = apply({ user: userOf(req), resolution, body: req.body as Record<string, unknown>, now: ctx.clock() });
    return reply
      .code(answer.status ?? options.status)
      .headers(answer.headers ?? {})
      .send(answer.body);
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Fault injection and request counting shared by every simulated service.
 * Rules are keyed by route ("GET /sync/history/:type" — the fastify route pattern) or "*" for all routes,
 * and can be changed at run time through the admin API or directly by tests.
 */
export interface FaultRule {
  /** Added latency before the route answers, in ms. */
  latencyMs?: number;
  /** Fraction 0..1 of requests answered with `status` instead. */
  errorRate?: number;
  /** Status used by errorRate and outages (default 503). */
  status?: number;
  /** Answer every request with `status` (or drop the connection with `refuse`) until this epoch ms. */
  outageUntil?: number;
  /** During an outage, destroy the socket instead of answering (a refused/reset connection). */
  refuse?: boolean;
  /** Fail the next N requests, then clear itself. */
  failNext?: number;
  /** Extra headers for injected error answers (e.g. Retry-After on a 429 storm). */
  headers?: Record<string, string>;
  /**
   * Spoil successful answers after the route produced them (its effects stand, e.g. a refresh token is spent): cut
   * off just before the end, broken in the middle, or wrapped in an HTML page as a misbehaving proxy would.
   */
  mangleBody?: BodyMangling;
}

export type BodyMangling = 'truncate' | 'garble' | 'html';

function mangle(body: string, how: BodyMangling): string {
  const half = Math.floor(body.length / 2);
  if (how === 'truncate') return body.slice(0, Math.max(1, body.length - 3));
  if (how === 'garble') return `${body.slice(0, half)}\u0000{${body.slice(half)}`;
  return `<html><head><title>502 Bad Gateway</title></head><body><pre>${body}</pre></body></html>`;
}

export class FaultBoard {
  private rules = new Map<string, FaultRule>();
  private holds = new Map<string, { gate: Promise<void>; release: () => void }>();
  readonly counts = new Map<string, number>();
  /** The original answers that `mangleBody` spoiled, in order: what a test looks for in logs and histories. */
  readonly mangled: { route: string; body: string }[] = [];
  private random: () => number;

  constructor(random: () => number = Math.random) {
    this.random = random;
  }

  set(route: string, rule: FaultRule): void {
    this.rules.set(route, rule);
  }

  clear(route?: string): void {
    if (route === undefined) this.rules.clear();
    else this.rules.delete(route);
  }

  /**
   * Requests to `route` arrive (and are counted) but wait, unanswered and unhandled, until the returned function
   * releases them: a request on its way for as long as a test needs (a scrobble stop in flight during a sync).
   */
  hold(route: string): () => void {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.holds.set(route, { gate, release });
    return () => {
      if (this.holds.get(route)?.gate === gate) this.holds.delete(route);
      release();
    };
  }

  /** Resolves once no hold is on the route. */
  released(route: string): Promise<void> {
    return this.holds.get(route)?.gate ?? Promise.resolve();
  }

  resetCounts(): void {
    this.counts.clear();
  }

  count(route: string): number {
    return this.counts.get(route) ?? 0;
  }

  snapshot(): { rules: Record<string, FaultRule>; counts: Record<string, number> } {
    return { rules: Object.fromEntries(this.rules), counts: Object.fromEntries(this.counts) };
  }

  /** How the answer of a route is to be spoiled, if at all. */
  mangling(route: string): BodyMangling | undefined {
    return this.rules.get(route)?.mangleBody ?? this.rules.get('*')?.mangleBody;
  }

  /** Decides what an injected fault does to this request, if anything. */
  decide(
    route: string,
    now = Date.now(),
  ): { delayMs: number; fail?: { status: number; refuse: boolean; headers: Record<string, string> } } {
    let delayMs = 0;
    for (const key of ['*', route]) {
      const rule = this.rules.get(key);
      if (!rule) continue;
      delayMs += rule.latencyMs ?? 0;
      const fail = { status: rule.status ?? 503, refuse: rule.refuse ?? false, headers: rule.headers ?? {} };
      if (rule.outageUntil !== undefined && now < rule.outageUntil) return { delayMs, fail };
      if (rule.failNext !== undefined && rule.failNext > 0) {
        rule.failNext -= 1;
        return { delayMs, fail };
      }
      if (rule.errorRate !== undefined && this.random() < rule.errorRate) return { delayMs, fail };
    }
    return { delayMs };
  }
}

/** Route label used for counters and rules: "METHOD /pattern". */
export function routeLabel(req: FastifyRequest): string {
  return `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`;
}

/** Installs counting and fault injection on a fastify instance (all its routes). */
export function installFaults(app: FastifyInstance, board: FaultBoard): void {
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    const route = routeLabel(req);
    if (route.includes('/__admin')) return;
    board.counts.set(route, (board.counts.get(route) ?? 0) + 1);
    await board.released(route);
    const { delayMs, fail } = board.decide(route);
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    if (!fail) return;
    if (fail.refuse) {
      req.raw.socket.destroy();
      return reply.hijack();
    }
    return reply.code(fail.status).headers(fail.headers).send({ error: 'injected fault', status: fail.status });
  });
  app.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const route = routeLabel(req);
    const how = board.mangling(route);
    if (!how || reply.statusCode >= 300 || typeof payload !== 'string') return payload;
    board.mangled.push({ route, body: payload });
    if (how === 'html') reply.header('content-type', 'text/html; charset=utf-8');
    return mangle(payload, how);
  });
}

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
}

export class FaultBoard {
  private rules = new Map<string, FaultRule>();
  private holds = new Map<string, { gate: Promise<void>; release: () => void }>();
  readonly counts = new Map<string, number>();
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
}

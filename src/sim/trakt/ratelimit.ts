import { iso } from './http';

/**
 * Per-user rate limits. Trakt documents 1 POST/PUT/DELETE per second and (in 2026) 1,000 GETs per 5 minutes;
 * the simulator defaults to 500 GETs — the budget DESIGN.md §4 tells watchsync to stay under — so a client
 * that passes here passes against the real service.
 */
export interface RateLimits {
  postPerSecond: number;
  getPer5Min: number;
}

export const defaultRateLimits: RateLimits = { postPerSecond: 1, getPer5Min: 500 };

export type RateLimitName = 'AUTHED_API_POST_LIMIT' | 'AUTHED_API_GET_LIMIT' | 'UNAUTHED_API_GET_LIMIT';

export interface RateLimitRejection {
  at: number;
  subject: string;
  name: RateLimitName;
  method: string;
  url: string;
  retryAfterS: number;
}

/** A 429 to send: `Retry-After` in whole seconds and the JSON `X-Ratelimit` header. */
export interface RateLimitVerdict {
  retryAfterS: number;
  headers: Record<string, string>;
}

interface Window {
  start: number;
  count: number;
}

/** Trakt's `until` is whole seconds; round up so a client waiting for it never comes back early. */
function untilHeader(ms: number): string {
  return iso(Math.ceil(ms / 1000) * 1000).replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Fixed windows per (subject, limit), as Trakt's `until` suggests: the first request opens a window of
 * `period`; requests beyond `limit` inside it are refused. Every refusal and every accepted write is recorded
 * so tests and benchmarks can assert what the service *accepted*.
 */
export class RateLimiter {
  enabled: boolean;
  readonly rejections: RateLimitRejection[] = [];
  private readonly windows = new Map<string, Window>();
  private readonly writes = new Map<string, number[]>();

  constructor(
    private readonly clock: () => number,
    private readonly limits: RateLimits,
    enabled: boolean,
  ) {
    this.enabled = enabled;
  }

  /** Counts a request of `subject` ("user:<name>" or "app:<client>:<ip>"); a verdict means answer 429. */
  check(subject: string, authed: boolean, method: string, url: string): RateLimitVerdict | undefined {
    const now = this.clock();
    const write = method !== 'GET' && method !== 'HEAD';
    const name: RateLimitName = write ? 'AUTHED_API_POST_LIMIT' : authed ? 'AUTHED_API_GET_LIMIT' : 'UNAUTHED_API_GET_LIMIT';
    const [limit, periodS] = write ? [this.limits.postPerSecond, 1] : [this.limits.getPer5Min, 300];
    const windowKey = `${name}|${subject}`;
    let window = this.windows.get(windowKey);
    if (!window || now >= window.start + periodS * 1000) {
      window = { start: now, count: 0 };
      this.windows.set(windowKey, window);
    }
    if (this.enabled && window.count >= limit) {
      const until = window.start + periodS * 1000;
      const retryAfterS = Math.max(1, Math.ceil((until - now) / 1000));
      this.rejections.push({ at: now, subject, name, method, url, retryAfterS });
      const header = { name, period: periodS, limit, remaining: 0, until: untilHeader(until) };
      return { retryAfterS, headers: { 'Retry-After': String(retryAfterS), 'X-Ratelimit': JSON.stringify(header) } };
    }
    window.count++;
    if (write) this.recordWrite(subject, now);
    return undefined;
  }

  private recordWrite(subject: string, at: number): void {
    let times = this.writes.get(subject);
    if (!times) {
      times = [];
      this.writes.set(subject, times);
    }
    times.push(at);
  }

  /** Times (epoch ms) of the writes accepted for a subject ("user:<name>"), in order. */
  acceptedWrites(subject: string): readonly number[] {
    return this.writes.get(subject) ?? [];
  }

  /** The most writes accepted for a subject inside any window [t, t + windowMs). */
  maxAcceptedWritesIn(subject: string, windowMs = 1000): number {
    const times = this.acceptedWrites(subject);
    let max = 0;
    let first = 0;
    for (let last = 0; last < times.length; last++) {
      while ((times[last] ?? 0) - (times[first] ?? 0) >= windowMs) first++;
      max = Math.max(max, last - first + 1);
    }
    return max;
  }

  reset(): void {
    this.rejections.length = 0;
    this.windows.clear();
    this.writes.clear();
  }
}

/** Rate-limit subject of an OAuth user: limits are per user, across all of the user's tokens. */
export function userSubject(username: string): string {
  return `user:${username}`;
}

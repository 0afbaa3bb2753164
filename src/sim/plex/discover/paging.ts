import type { FastifyRequest } from 'fastify';

/**
 * Discover's watchlist answers 20 items when no size is asked for (python-plexapi #1012, Sonarr #5118) and,
 * since late 2025, at most 100 per page whatever is asked (CrossWatch #38; 300 was accepted before).
 * A larger request is clamped, so clients must advance by the size they got back, not the size they asked.
 */
export const defaultPageSize = 20;
export const maxPageSize = 100;

export interface PageWindow {
  start: number;
  size: number;
}

/** Reads X-Plex-Container-Start/-Size from the headers or the query (either is accepted, as on PMS). */
export function pageWindow(req: FastifyRequest): PageWindow | { error: string } {
  const start = pagingParam(req, 'X-Plex-Container-Start') ?? 0;
  const size = pagingParam(req, 'X-Plex-Container-Size') ?? defaultPageSize;
  if (Number.isNaN(start) || Number.isNaN(size) || start < 0 || size < 0) return { error: 'invalid X-Plex-Container-Start/Size' };
  return { start, size: Math.min(size, maxPageSize) };
}

function pagingParam(req: FastifyRequest, name: string): number | undefined {
  const query = req.query as Record<string, string | undefined>;
  const raw = req.headers[name.toLowerCase()] ?? query[name] ?? query[name.toLowerCase()];
  if (raw === undefined || Array.isArray(raw)) return undefined;
  return /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
}

export function pageOf<T>(items: readonly T[], window: PageWindow): T[] {
  return items.slice(window.start, window.start + window.size);
}

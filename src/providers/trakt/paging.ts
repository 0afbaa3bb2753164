import type { HttpResponse } from '../http';
import { TraktPagingError } from './errors';

/**
 * Trakt pagination (MANIFEST fact 4): `?page=&limit=` in, `X-Pagination-Page-Count/-Limit/-Item-Count`
 * out. "Pagination" endpoints (history) page always; "pagination optional" ones (watchlist, ratings)
 * return everything in one answer unless asked to page, which costs the fewest requests.
 */

export type PageQuery = { page?: number; limit?: number };
export type FetchPage<T> = (query: PageQuery) => Promise<HttpResponse<T[]>>;

function headerInt(headers: Record<string, string>, name: string): number | undefined {
  const value = Number.parseInt(headers[name] ?? '', 10);
  return Number.isNaN(value) ? undefined : value;
}

/** How many pages a list has; 1 when the answer was not paged. */
export function pageCountOf(headers: Record<string, string>): number {
  return headerInt(headers, 'x-pagination-page-count') ?? 1;
}

/**
 * Every row of a list, given its first page: follows the pagination headers (at the page size the
 * server chose, which is the largest it allows when we asked for more). Throws TraktPagingError when
 * the item count moves between pages: rows were added or removed mid-read and the listing may miss some.
 */
export async function restOfPages<T>(first: HttpResponse<T[]>, fetchPage: FetchPage<T>, endpoint: string): Promise<T[]> {
  const pageCount = pageCountOf(first.headers);
  const limit = headerInt(first.headers, 'x-pagination-limit');
  const itemCount = headerInt(first.headers, 'x-pagination-item-count');
  const rows = [...first.data];
  for (let page = 2; page <= pageCount; page++) {
    const next = await fetchPage({ page, limit });
    if (headerInt(next.headers, 'x-pagination-item-count') !== itemCount) {
      throw new TraktPagingError(endpoint, `the list changed while it was read (page ${page} of ${pageCount}); read it again`);
    }
    rows.push(...next.data);
  }
  return rows;
}

/** Every row of a list: a "pagination" endpoint asked for `limit` a page, an optional one for everything. */
export async function allPages<T>(fetchPage: FetchPage<T>, endpoint: string, limit: number | undefined): Promise<T[]> {
  const first = await fetchPage(limit === undefined ? {} : { page: 1, limit });
  return restOfPages(first, fetchPage, endpoint);
}

import { describe, expect, it } from 'vitest';
import { HttpError, NetworkError, PayloadError } from '../../src/providers/http';
import { classifyTraktError, TraktPagingError } from '../../src/providers/trakt';

const http = (status: number, retryAfterMs?: number) => new HttpError(status, 'GET', 'https://api.trakt.tv/x', '', retryAfterMs);

describe('classifyTraktError', () => {
  it('maps statuses to what a Temporal activity needs', () => {
    expect(classifyTraktError(http(404))).toEqual({ kind: 'not_found', permanent: true });
    expect(classifyTraktError(http(403))).toEqual({ kind: 'auth', permanent: true });
    expect(classifyTraktError(http(422))).toEqual({ kind: 'invalid', permanent: true });
    expect(classifyTraktError(http(400))).toEqual({ kind: 'invalid', permanent: true });
    expect(classifyTraktError(http(503, 30_000))).toEqual({ kind: 'transient', retryAfterMs: 30_000, permanent: false });
    expect(classifyTraktError(http(408))).toMatchObject({ kind: 'transient', permanent: false });
  });

  it('treats outages, odd payloads, lists that moved while paged and the unknown as transient', () => {
    for (const error of [
      new NetworkError('GET', 'https://api.trakt.tv/x', new Error('ECONNREFUSED')),
      new PayloadError('https://api.trakt.tv/x', ['bad']),
      new TraktPagingError('/sync/history', 'moved'),
      new Error('?'),
    ]) {
      expect(classifyTraktError(error)).toEqual({ kind: 'transient', permanent: false });
    }
  });
});

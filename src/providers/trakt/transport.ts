import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import { HttpError, type HttpRequest, type HttpResponse, requestJson } from '../http';
import { TraktAuthError, toTraktError } from './errors';
import type { WriteTurn } from './pacer';
import type { TraktSession } from './session';
import { joinUrl } from './url';

export interface TransportOptions {
  apiUrl: string;
  clientId: string;
  account: string;
  session: TraktSession;
  clock: () => number;
  /** Every write (POST/PUT/DELETE) goes through this, which spaces writes as Trakt's limit requires. */
  writeTurn: WriteTurn;
  userAgent: string;
  dispatcher?: Dispatcher;
}

export interface TraktCall {
  method?: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: HttpRequest['query'];
  json?: unknown;
  headers?: Record<string, string>;
  /** Statuses that are answers here (304, 409). */
  accept?: number[];
  /** False for routes Trakt serves without a user (id search): no token, no refresh. */
  authorized?: boolean;
  /** Wraps a write inside the account's write turn (see `WriteOptions.inTurn`). */
  inTurn?: <T>(send: () => Promise<T>) => Promise<T>;
  /** Runs in the write's turn before its wait (see `WriteOptions.checkTurn`). */
  checkTurn?: () => Promise<void>;
}

/**
 * Every Trakt API request: the required headers, the user's token (refreshed once and retried once on a
 * 401, the only retry a provider does), write pacing, and 420/429 as typed errors.
 */
export class TraktTransport {
  constructor(private readonly options: TransportOptions) {}

  async call<S extends z.ZodType>(call: TraktCall, schema: S): Promise<HttpResponse<z.infer<S>>> {
    if (call.authorized === false) return this.send(call, schema, undefined);
    const { session, account } = this.options;
    const token = await session.accessToken();
    try {
      return await this.send(call, schema, token);
    } catch (error) {
      if (!isUnauthorized(error)) throw error;
    }
    const fresh = await session.refreshReplacing(token);
    try {
      return await this.send(call, schema, fresh);
    } catch (error) {
      throw isUnauthorized(error) ? new TraktAuthError(account, 'unauthorized') : error;
    }
  }

  private async send<S extends z.ZodType>(call: TraktCall, schema: S, token: string | undefined): Promise<HttpResponse<z.infer<S>>> {
    const { apiUrl, clientId, userAgent, dispatcher, writeTurn, clock } = this.options;
    const method = call.method ?? 'GET';
    const request = () =>
      requestJson(
        {
          method,
          url: joinUrl(apiUrl, call.path),
          query: call.query,
          json: call.json,
          accept: call.accept,
          dispatcher,
          headers: {
            'trakt-api-key': clientId,
            'trakt-api-version': '2',
            'user-agent': userAgent,
            ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
            ...call.headers,
          },
        },
        schema,
      );
    // What `inTurn` sees: the answer, or the error already typed (a 420 as TraktAccountLimitError).
    const typed = () =>
      request().catch((error: unknown) => {
        throw toTraktError(error, clock());
      });
    try {
      return await (method === 'GET' ? request() : writeTurn(() => (call.inTurn ? call.inTurn(typed) : request()), call.checkTurn));
    } catch (error) {
      throw toTraktError(error, clock());
    }
  }
}

function isUnauthorized(error: unknown): boolean {
  return error instanceof HttpError && error.status === 401;
}

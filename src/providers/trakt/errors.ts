import { HttpError, validate } from '../http';
import { traktRateLimitHeaderSchema } from './schemas';

/**
 * Typed Trakt failures. Each carries what a Temporal activity needs to pick a retry behaviour
 * (`classifyTraktError`); none carries a token.
 */

/** 420: an account limit (e.g. the watchlist cap). Retrying cannot help until the user upgrades or frees room. */
export class TraktAccountLimitError extends Error {
  readonly permanent = true;
  constructor(
    readonly endpoint: string,
    /** X-Account-Limit; Trakt sometimes omits it. */
    readonly accountLimit: number | undefined,
    /** X-VIP-User. */
    readonly vip: boolean | undefined,
    /** X-Upgrade-URL. */
    readonly upgradeUrl: string | undefined,
  ) {
    super(
      `${endpoint}: Trakt account limit reached${accountLimit === undefined ? '' : ` (${accountLimit} items)`}${vip ? '' : '; VIP raises it'}`,
    );
    this.name = 'TraktAccountLimitError';
  }
}

/** 429: too many requests. `retryAfterMs` comes from Retry-After, else from the X-Ratelimit `until`. */
export class TraktRateLimitError extends Error {
  readonly permanent = false;
  constructor(
    readonly endpoint: string,
    readonly retryAfterMs: number | undefined,
    /** The limit that was hit, e.g. AUTHED_API_POST_LIMIT. */
    readonly limitName: string | undefined,
  ) {
    super(
      `${endpoint}: Trakt rate limit${limitName ? ` ${limitName}` : ''} hit${retryAfterMs === undefined ? '' : `, retry in ${retryAfterMs} ms`}`,
    );
    this.name = 'TraktRateLimitError';
  }
}

/** No usable tokens: never logged in, refresh token rejected, or 401 after a refresh. Permanent until `watchsync auth trakt`. */
export class TraktAuthError extends Error {
  readonly permanent = true;
  constructor(
    readonly account: string,
    readonly reason: 'no_tokens' | 'refresh_rejected' | 'unauthorized',
  ) {
    super(`Trakt account ${account}: ${authReasonText[reason]}; log in again with \`watchsync auth trakt\``);
    this.name = 'TraktAuthError';
  }
}

const authReasonText: Record<TraktAuthError['reason'], string> = {
  no_tokens: 'no tokens stored',
  refresh_rejected: 'the refresh token was rejected',
  unauthorized: 'the access token was rejected even after a refresh',
};

/** 403: Trakt does not know the app's client id (or has not approved the app). Nothing works until it is fixed. */
export class TraktClientIdError extends Error {
  readonly permanent = true;
  constructor(readonly endpoint: string) {
    super(
      `${endpoint}: Trakt refused the client id (403, invalid API key or unapproved app): check trakt.client_id in the config ` +
        '(or TRAKT_CLIENT_ID) against your app at https://trakt.tv/oauth/applications',
    );
    this.name = 'TraktClientIdError';
  }
}

/** A device-code login that ended without tokens (the poll answers 404/409/410/418). */
export class TraktDeviceLoginError extends Error {
  readonly permanent = true;
  constructor(readonly reason: 'invalid' | 'used' | 'expired' | 'denied') {
    super(`Trakt device login failed: ${deviceReasonText[reason]}`);
    this.name = 'TraktDeviceLoginError';
  }
}

const deviceReasonText: Record<TraktDeviceLoginError['reason'], string> = {
  invalid: 'the device code is unknown',
  used: 'the code was already used',
  expired: 'the code expired, start again',
  denied: 'the user denied access',
};

/** A request watchsync refuses to send (more than 100 items, a rating outside 1–10). */
export class TraktInvalidRequestError extends Error {
  readonly permanent = true;
  constructor(message: string) {
    super(message);
    this.name = 'TraktInvalidRequestError';
  }
}

/** The list changed while it was being paged (item count moved): the snapshot would be incomplete. */
export class TraktPagingError extends Error {
  readonly permanent = false;
  constructor(
    readonly endpoint: string,
    message: string,
  ) {
    super(`${endpoint}: ${message}`);
    this.name = 'TraktPagingError';
  }
}

/** Turns Trakt's special statuses (420, 429) into typed errors; everything else passes through. */
export function toTraktError(error: unknown, now: number): unknown {
  if (!(error instanceof HttpError)) return error;
  if (error.status === 403) return new TraktClientIdError(error.endpoint);
  if (error.status === 420) {
    const limit = Number.parseInt(error.headers['x-account-limit'] ?? '', 10);
    const vip = error.headers['x-vip-user'];
    return new TraktAccountLimitError(
      error.endpoint,
      Number.isNaN(limit) ? undefined : limit,
      vip === undefined ? undefined : vip === 'true',
      error.headers['x-upgrade-url'],
    );
  }
  if (error.status === 429) {
    const header = rateLimitHeader(error);
    const untilMs = header ? Date.parse(header.until) - now : undefined;
    return new TraktRateLimitError(
      error.endpoint,
      error.retryAfterMs ?? (untilMs === undefined ? undefined : Math.max(0, untilMs)),
      header?.name,
    );
  }
  return error;
}

function rateLimitHeader(error: HttpError) {
  const raw = error.headers['x-ratelimit'];
  if (raw === undefined) return undefined;
  try {
    return validate('X-Ratelimit', traktRateLimitHeaderSchema, JSON.parse(raw));
  } catch {
    return undefined;
  }
}

export type TraktErrorKind = 'rate_limit' | 'account_limit' | 'auth' | 'not_found' | 'invalid' | 'transient';

export interface TraktErrorClass {
  kind: TraktErrorKind;
  retryAfterMs?: number;
  /** True when retrying the same request cannot succeed (freeze the item / stop the feature instead). */
  permanent: boolean;
}

/** How an activity should treat a failure of this provider (DESIGN.md §4 step 4). */
export function classifyTraktError(error: unknown): TraktErrorClass {
  if (error instanceof TraktRateLimitError) return { kind: 'rate_limit', retryAfterMs: error.retryAfterMs, permanent: false };
  if (error instanceof TraktAccountLimitError) return { kind: 'account_limit', permanent: true };
  if (error instanceof TraktAuthError || error instanceof TraktDeviceLoginError || error instanceof TraktClientIdError)
    return { kind: 'auth', permanent: true };
  if (error instanceof TraktInvalidRequestError) return { kind: 'invalid', permanent: true };
  if (error instanceof HttpError) return classifyStatus(error);
  // NetworkError, PayloadError (e.g. a proxy's error page), TraktPagingError and the unknown: let the engine retry.
  return { kind: 'transient', permanent: false };
}

function classifyStatus(error: HttpError): TraktErrorClass {
  const { status, retryAfterMs } = error;
  // 401 reaching here comes from a route without a token; 403 is a wrong API key or an unapproved app.
  if (status === 401 || status === 403) return { kind: 'auth', permanent: true };
  if (status === 404) return { kind: 'not_found', permanent: true };
  if (status === 408 || status >= 500) return { kind: 'transient', retryAfterMs, permanent: false };
  return { kind: 'invalid', permanent: true };
}

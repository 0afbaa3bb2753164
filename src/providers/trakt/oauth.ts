import type { Dispatcher } from 'undici';
import { HttpError, PayloadError, requestJson, requestText, validate } from '../http';
import { TraktDeviceLoginError, toTraktError } from './errors';
import { traktDeviceCodeSchema, traktTokenSchema } from './schemas';
import { type TraktTokens, tokensFromGrant } from './tokens';
import { joinUrl } from './url';

/** The OAuth endpoints of Trakt's auth server (auth.trakt.tv): device flow and refresh. */

export interface OAuthOptions {
  authUrl: string;
  clientId: string;
  clientSecret?: string;
  dispatcher?: Dispatcher;
  userAgent: string;
}

export interface DeviceLogin {
  deviceCode: string;
  /** What the user types at `verificationUrl`. */
  userCode: string;
  verificationUrl: string;
  /** Poll no faster than this. */
  intervalS: number;
  expiresInS: number;
}

export type DevicePoll = 'pending' | 'slow_down' | TraktTokens;

/** OAuth's "out of band" redirect: the device and refresh grants have no browser to return to. */
const oobRedirect = 'urn:ietf:wg:oauth:2.0:oob';

/** Device-token polling answers (MANIFEST fact 9) that end the login. */
const deviceFailures: Record<number, TraktDeviceLoginError['reason']> = { 404: 'invalid', 409: 'used', 410: 'expired', 418: 'denied' };

function secretOf(options: OAuthOptions): string {
  if (options.clientSecret === undefined) throw new Error('Trakt client secret is not configured (needed for login and token refresh)');
  return options.clientSecret;
}

export async function startDeviceLogin(options: OAuthOptions): Promise<DeviceLogin> {
  const { data } = await requestJson(
    {
      method: 'POST',
      url: joinUrl(options.authUrl, '/oauth/device/code'),
      headers: { 'user-agent': options.userAgent },
      json: { client_id: options.clientId },
      dispatcher: options.dispatcher,
      secretAnswer: true,
    },
    traktDeviceCodeSchema,
  ).catch((error: unknown) => {
    throw toTraktError(error, Date.now());
  });
  return {
    deviceCode: data.device_code,
    userCode: data.user_code,
    verificationUrl: data.verification_url,
    intervalS: data.interval,
    expiresInS: data.expires_in,
  };
}

/** One poll of the device flow: still pending, polled too fast, or the granted tokens. */
export async function pollDeviceLogin(options: OAuthOptions, deviceCode: string): Promise<DevicePoll> {
  const endpoint = joinUrl(options.authUrl, '/oauth/device/token');
  const response = await requestText({
    method: 'POST',
    url: endpoint,
    headers: { 'user-agent': options.userAgent, accept: 'application/json' },
    json: { code: deviceCode, client_id: options.clientId, client_secret: secretOf(options) },
    dispatcher: options.dispatcher,
    accept: [400, 429, ...Object.keys(deviceFailures).map(Number)],
    secretAnswer: true,
  });
  if (response.status === 400) return 'pending';
  if (response.status === 429) return 'slow_down';
  const failure = deviceFailures[response.status];
  if (failure) throw new TraktDeviceLoginError(failure);
  return tokensFromGrant(validate(endpoint, traktTokenSchema, parseGrant(endpoint, response.data)));
}

/** JSON.parse's own message quotes the text, which here holds tokens: replace it. */
function parseGrant(endpoint: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new PayloadError(endpoint, ['the token answer is not JSON']);
  }
}

/**
 * Exchanges a refresh token for a new pair (the old refresh token is then dead). Resolves undefined when
 * Trakt rejects the refresh token (400/401): the account must log in again.
 */
export async function refreshTokens(options: OAuthOptions, refreshToken: string): Promise<TraktTokens | undefined> {
  try {
    const { data } = await requestJson(
      {
        method: 'POST',
        url: joinUrl(options.authUrl, '/oauth/token'),
        headers: { 'user-agent': options.userAgent },
        json: {
          refresh_token: refreshToken,
          client_id: options.clientId,
          client_secret: secretOf(options),
          redirect_uri: oobRedirect,
          grant_type: 'refresh_token',
        },
        dispatcher: options.dispatcher,
        secretAnswer: true,
      },
      traktTokenSchema,
    );
    return tokensFromGrant(data);
  } catch (error) {
    if (error instanceof HttpError && (error.status === 400 || error.status === 401)) return undefined;
    throw toTraktError(error, Date.now());
  }
}

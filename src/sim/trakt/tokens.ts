import { randomBytes } from 'node:crypto';

/** The body of a successful /oauth/device/token or /oauth/token answer. */
export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  refresh_token: string;
  scope: 'public';
  created_at: number;
}

interface Grant {
  username: string;
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
  revoked: boolean;
}

function secret(): string {
  return randomBytes(32).toString('hex');
}

/**
 * OAuth tokens as Trakt issues them today: access tokens valid `ttlS` (7 days by default), refresh tokens
 * single-use — every refresh rotates both tokens and revokes the old pair, so replaying an old refresh
 * token fails.
 */
export class TokenStore {
  private readonly byAccess = new Map<string, Grant>();
  private readonly byRefresh = new Map<string, Grant>();

  constructor(
    private readonly clock: () => number,
    private readonly ttlS: number,
  ) {}

  issue(username: string): TokenResponse {
    const now = this.clock();
    const grant: Grant = { username, accessToken: secret(), refreshToken: secret(), expiresAt: now + this.ttlS * 1000, revoked: false };
    this.byAccess.set(grant.accessToken, grant);
    this.byRefresh.set(grant.refreshToken, grant);
    return {
      access_token: grant.accessToken,
      token_type: 'bearer',
      expires_in: this.ttlS,
      refresh_token: grant.refreshToken,
      scope: 'public',
      created_at: Math.floor(now / 1000),
    };
  }

  /** The user a bearer token belongs to, or undefined when it is unknown, revoked or expired. */
  userOf(accessToken: string): string | undefined {
    const grant = this.byAccess.get(accessToken);
    return grant && !grant.revoked && this.clock() < grant.expiresAt ? grant.username : undefined;
  }

  /** Rotates a refresh token; undefined when it was already used, revoked or never issued. */
  refresh(refreshToken: string): TokenResponse | undefined {
    const grant = this.byRefresh.get(refreshToken);
    if (!grant || grant.revoked) return undefined;
    grant.revoked = true;
    return this.issue(grant.username);
  }

  /** Revokes the grant of an access or refresh token (RFC 7009: unknown tokens are not an error). */
  revoke(token: string): void {
    const grant = this.byAccess.get(token) ?? this.byRefresh.get(token);
    if (grant) grant.revoked = true;
  }

  /** Makes every access token of a user expired now; refresh tokens stay usable, as after 7 days. */
  expireAll(username: string): void {
    const now = this.clock();
    for (const grant of this.byAccess.values()) if (grant.username === username) grant.expiresAt = Math.min(grant.expiresAt, now);
  }

  clear(): void {
    this.byAccess.clear();
    this.byRefresh.clear();
  }
}

export type DeviceState = 'pending' | 'approved' | 'denied' | 'used';

export interface DeviceCode {
  deviceCode: string;
  userCode: string;
  expiresAt: number;
  intervalS: number;
  lastPolledAt?: number;
  state: DeviceState;
  username?: string;
}

/** Device codes of the device flow; approval is the admin API's (a user typing the code at trakt.tv/activate). */
export class DeviceCodes {
  private readonly byDevice = new Map<string, DeviceCode>();
  private readonly byUser = new Map<string, DeviceCode>();

  constructor(
    private readonly clock: () => number,
    private readonly expiresInS = 600,
    private readonly intervalS = 5,
  ) {}

  create(): DeviceCode {
    const code: DeviceCode = {
      deviceCode: secret(),
      userCode: randomBytes(4).toString('hex').toUpperCase(),
      expiresAt: this.clock() + this.expiresInS * 1000,
      intervalS: this.intervalS,
      state: 'pending',
    };
    this.byDevice.set(code.deviceCode, code);
    this.byUser.set(code.userCode, code);
    return code;
  }

  get(deviceCode: string): DeviceCode | undefined {
    return this.byDevice.get(deviceCode);
  }

  /** Finds a code by the user code shown to the user, or by the device code. */
  find(code: string): DeviceCode | undefined {
    return this.byUser.get(code.toUpperCase()) ?? this.byDevice.get(code);
  }

  clear(): void {
    this.byDevice.clear();
    this.byUser.clear();
  }
}

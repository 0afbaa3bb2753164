/** plex.tv API v2 JSON bodies, with the keys and value types of the captured responses. */
import type { PlexHomeAccount, PlexLibrary } from '../library';
import { pmsVersion, serverName } from '../pms/routes/server';
import { type Pin, pinLifetimeS } from './pins';

type Json = Record<string, unknown>;

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function avatar(account: PlexHomeAccount): string {
  return `https://plex.tv/users/${account.uuid}/avatar?c=1700000000`;
}

/** Managed users have no email (nor username) of their own. */
export function emailOf(account: PlexHomeAccount): string | null {
  return account.managed ? null : `${account.username}@example.com`;
}

/** GET /api/v2/user. */
export function renderUser(library: PlexLibrary, account: PlexHomeAccount, authToken: string): Json {
  const email = emailOf(account);
  return {
    id: account.plexTvId,
    uuid: account.uuid,
    username: account.managed ? null : account.username,
    title: account.title,
    email,
    friendlyName: '',
    locale: null,
    confirmed: true,
    emailOnlyAuth: false,
    hasPassword: account.protected,
    protected: account.protected,
    thumb: avatar(account),
    authToken,
    mailingListStatus: 'unsubscribed',
    mailingListActive: false,
    scrobbleTypes: '',
    country: 'GB',
    // plex.tv sends an opaque digest here, never the PIN itself.
    pin: account.uuid.split('').reverse().join(''),
    subscription: {
      active: account.admin,
      subscribedAt: account.admin ? '2020-01-01T00:00:00Z' : null,
      status: account.admin ? 'Active' : 'Inactive',
      paymentService: null,
      plan: account.admin ? 'lifetime' : null,
      features: [],
    },
    subscriptionDescription: account.admin ? 'Lifetime Plex Pass' : null,
    restricted: account.restricted,
    anonymous: null,
    home: true,
    guest: false,
    homeSize: library.accounts.length,
    homeAdmin: account.admin,
    maxHomeSize: 15,
    rememberExpiresAt: 1_900_000_000,
    profile: {
      autoSelectAudio: true,
      defaultAudioLanguage: 'en',
      defaultSubtitleLanguage: 'en',
      autoSelectSubtitle: 0,
      defaultSubtitleAccessibility: 0,
      defaultSubtitleForced: 1,
    },
    entitlements: [],
    roles: account.admin ? ['plexpass'] : [],
    services: [],
    joinedAt: 1_339_124_759,
  };
}

/** A successful home user switch: the user with a new token, plus the session fields plex.tv adds. */
export function renderSwitchedUser(library: PlexLibrary, account: PlexHomeAccount, authToken: string): Json {
  return { ...renderUser(library, account, authToken), providers: [], certificateVersion: 2 };
}

/** GET /api/v2/home/users: managed users have no username or email. */
export function renderHomeUsers(library: PlexLibrary): Json {
  const owner = library.owner;
  return {
    id: owner.plexTvId,
    name: `${owner.title}'s Home`,
    guestUserID: owner.plexTvId + 1,
    guestUserUUID: owner.uuid.split('').reverse().join(''),
    guestEnabled: false,
    subscription: true,
    users: library.accounts.map((a) => ({
      id: a.plexTvId,
      uuid: a.uuid,
      title: a.title,
      username: a.managed ? null : a.username,
      email: emailOf(a),
      thumb: avatar(a),
      hasPassword: a.protected,
      restricted: a.restricted,
      restrictionProfile: a.restricted ? 'little_kid' : null,
      admin: a.admin,
      guest: false,
      protected: a.protected,
    })),
  };
}

/** GET /api/v2/resources: a bare array; the server's clientIdentifier is the PMS machineIdentifier. */
export function renderResources(library: PlexLibrary, account: PlexHomeAccount, token: string, pmsBaseUrl: string): Json[] {
  const url = new URL(pmsBaseUrl);
  const protocol = url.protocol.replace(':', '');
  const port = Number(url.port || (protocol === 'https' ? 443 : 80));
  const owned = account.admin;
  return [
    {
      name: serverName,
      product: 'Plex Media Server',
      productVersion: pmsVersion,
      platform: 'Linux',
      platformVersion: '6.1.0',
      device: 'Docker Container',
      clientIdentifier: library.machineIdentifier,
      createdAt: '2021-01-01T12:12:24Z',
      lastSeenAt: '2025-06-01T13:43:34Z',
      provides: 'server',
      ownerId: owned ? null : library.owner.plexTvId,
      sourceTitle: owned ? null : library.owner.title,
      publicAddress: url.hostname,
      accessToken: token,
      owned,
      home: !owned,
      synced: false,
      relay: true,
      presence: true,
      httpsRequired: false,
      publicAddressMatches: true,
      dnsRebindingProtection: false,
      natLoopbackSupported: false,
      connections: [{ protocol, address: url.hostname, port, uri: url.origin, local: true, relay: false, IPv6: false }],
    },
    // Players are resources too: clients must pick servers by `provides`.
    {
      name: 'Living Room TV',
      product: 'Plex for Android (TV)',
      productVersion: '10.0.0',
      platform: 'Android',
      platformVersion: '12',
      device: 'SHIELD Android TV',
      clientIdentifier: `player-${library.machineIdentifier.slice(0, 8)}`,
      createdAt: '2022-01-01T12:12:24Z',
      lastSeenAt: '2025-06-01T13:43:34Z',
      provides: 'client,player,pubsub-player',
      ownerId: null,
      sourceTitle: null,
      publicAddress: url.hostname,
      accessToken: token,
      owned: true,
      home: false,
      synced: false,
      relay: false,
      presence: false,
      httpsRequired: false,
      publicAddressMatches: true,
      dnsRebindingProtection: false,
      natLoopbackSupported: false,
      connections: [],
    },
  ];
}

export function renderPin(pin: Pin): Json {
  return {
    id: pin.id,
    code: pin.code,
    product: pin.product,
    trusted: false,
    clientIdentifier: pin.clientIdentifier,
    location: {
      code: 'GB',
      european_union_member: false,
      continent_code: 'EU',
      country: 'United Kingdom',
      city: 'London',
      time_zone: 'Europe/London',
      postal_code: 'N19',
      in_privacy_restricted_country: true,
      subdivisions: 'England',
      coordinates: '51.000, -1',
    },
    expiresIn: pinLifetimeS,
    createdAt: iso(pin.createdAt),
    expiresAt: iso(pin.expiresAt),
    authToken: pin.authToken,
    newRegistration: pin.authToken === null ? null : false,
  };
}

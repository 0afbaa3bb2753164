/**
 * plex.tv's older, XML-only API (`/api/…` without v2): MediaContainer documents like PMS's. python-plexapi still
 * reads the friends/Home users list from `/api/users` and switches Home users with `/api/home/users/{id}/switch`;
 * older clients read servers from `/api/resources`. Whether these routes honour `Accept: application/json` is not
 * known; the simulator always answers XML.
 */
import type { PlexHomeAccount, PlexLibrary } from '../library';
import { serverName } from '../pms/routes/server';
import { toPmsXml } from '../pms/xml';
import { avatar, emailOf } from './render';

type Json = Record<string, unknown>;

const myPlexContainer = (library: PlexLibrary, size: number): Json => ({
  friendlyName: 'myPlex',
  identifier: 'com.plexapp.plugins.myplex',
  machineIdentifier: library.machineIdentifier,
  totalSize: size,
  size,
});

const epochOf = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/**
 * GET /api/resources: `<Device>` per resource with `<Connection>` children, times in epoch seconds
 * (fixture plextv_api_resources.xml), built from the v2 resources.
 */
export function legacyResourcesXml(resources: Json[]): string {
  const devices = resources.map(({ connections, createdAt, lastSeenAt, ...device }) => ({
    ...device,
    createdAt: epochOf(String(createdAt)),
    lastSeenAt: epochOf(String(lastSeenAt)),
    Connection: (connections as Json[]).map(({ protocol, address, port, uri, local }) => ({ protocol, address, port, uri, local })),
  }));
  return toPmsXml({ MediaContainer: { size: devices.length, Device: devices } });
}

/**
 * GET /api/users: the accounts the owner shares with. The fixture (plextv_api_users_shared.xml) shows friends;
 * python-plexapi's switchHomeUser finds Home users in this same list, so they are listed too, marked `home="1"`,
 * each with the owner's server shared in full. The simulator has no friends.
 */
export function usersXml(library: PlexLibrary, viewer: PlexHomeAccount): string {
  const others = viewer.admin ? library.accounts.filter((a) => !a.admin) : [];
  const users = others.map((a) => ({
    id: a.plexTvId,
    title: a.title,
    username: a.managed ? '' : a.username,
    email: emailOf(a) ?? '',
    recommendationsPlaylistId: '',
    thumb: avatar(a),
    protected: a.protected,
    home: true,
    allowTuners: false,
    allowSync: true,
    allowCameraUpload: false,
    allowChannels: false,
    allowSubtitleAdmin: false,
    filterAll: '',
    filterMovies: '',
    filterMusic: '',
    filterPhotos: '',
    filterTelevision: '',
    restricted: a.restricted,
    Server: [
      {
        id: a.plexTvId,
        serverId: 1,
        machineIdentifier: library.machineIdentifier,
        name: serverName,
        lastSeenAt: 1_750_000_000,
        numLibraries: library.sections.length,
        allLibraries: true,
        owned: true,
        pending: false,
      },
    ],
  }));
  return toPmsXml({ MediaContainer: { ...myPlexContainer(library, users.length), User: users } });
}

/** GET /api/home/users: the v2 Home users' fields as `<User>` attributes (not captured verbatim). */
export function homeUsersXml(library: PlexLibrary): string {
  const users = library.accounts.map((a) => ({
    id: a.plexTvId,
    uuid: a.uuid,
    admin: a.admin,
    guest: false,
    restricted: a.restricted,
    restrictionProfile: a.restricted ? 'little_kid' : undefined,
    hasPassword: a.protected,
    protected: a.protected,
    title: a.title,
    username: a.managed ? undefined : a.username,
    email: emailOf(a) ?? undefined,
    thumb: avatar(a),
  }));
  return toPmsXml({ MediaContainer: { ...myPlexContainer(library, users.length), User: users } });
}

import type { Dispatcher } from 'undici';
import { type Config, plexHosts } from '../config';
import { requestJson } from '../providers/http';
import { createPlexClient } from '../providers/plex';
import { pmsIdentitySchema } from '../providers/plex/schemas';

/** What the websocket watcher reads from PMS besides the socket. */
export interface PmsReader {
  /** The server's machineIdentifier: the `serverUuid` of its events. */
  serverUuid(): Promise<string>;
  /** `/status/sessions`: the snapshot sent after every (re)connect, and who is playing what. */
  sessions(): Promise<{ sessionKey: string; ratingKey: string; user: string }[]>;
}

export interface PmsConnection {
  url: string;
  token: string;
  dispatcher?: Dispatcher;
}

/** The PMS the config names, or undefined when there is none (no URL or no token). */
export function pmsConnectionFromConfig(config: Config, dispatcher?: Dispatcher): PmsConnection | undefined {
  const token = config.plex.pms_token ?? config.plex.account_token;
  if (!config.plex.pms_url || !token) return undefined;
  return { url: config.plex.pms_url, token, ...(dispatcher ? { dispatcher } : {}) };
}

export function createPmsReader(config: Config, pms: PmsConnection): PmsReader {
  const plex = createPlexClient({
    ...plexHosts(config),
    pmsUrl: pms.url,
    pmsToken: pms.token,
    accountToken: pms.token,
    dispatcher: pms.dispatcher,
    timeoutMs: 10_000,
  });
  return {
    async serverUuid() {
      const { data } = await requestJson(
        {
          url: new URL('/identity', pms.url).toString(),
          headers: { 'X-Plex-Token': pms.token },
          dispatcher: pms.dispatcher,
          timeoutMs: 10_000,
        },
        pmsIdentitySchema,
      );
      return data.MediaContainer.machineIdentifier;
    },
    async sessions() {
      return (await plex.sessions()).map(({ sessionKey, ratingKey, user }) => ({ sessionKey, ratingKey, user: user.title }));
    },
  };
}

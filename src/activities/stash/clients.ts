import type { Config } from '../../config';
import { pmsTlsAgent } from '../../providers/plex';
import { createSceneMetadataClient, type SceneMetadataClient } from '../../providers/plex/scene-metadata';
import { createTransport } from '../../providers/plex/transport';
import { createStashClient, type StashClient } from '../../providers/stash';
import { NotConfiguredError } from '../clients';

export interface StashPushClients {
  stash: StashClient;
  /** The PMS with the server's token (the owner's: metadata edits need it). */
  plex: SceneMetadataClient;
}

/** The Stash and PMS clients of the push, from the config (built once per worker). */
export function stashPushClients(config: Config): StashPushClients {
  const pmsUrl = config.plex.pms_url;
  const token = config.plex.pms_token ?? config.plex.account_token;
  if (!pmsUrl) throw new NotConfiguredError('plex.pms_url');
  if (!token)
    throw new NotConfiguredError('plex.pms_token', 'the Stash push needs the server owner token (plex.pms_token or plex.account_token)');
  const transport = createTransport({ clientIdentifier: config.plex.client_identifier });
  return {
    stash: createStashClient({ url: config.stash.url, apiKey: config.stash.api_key }),
    plex: createSceneMetadataClient(transport, { baseUrl: pmsUrl, token, dispatcher: pmsTlsAgent(config.plex.allow_self_signed_tls) }),
  };
}

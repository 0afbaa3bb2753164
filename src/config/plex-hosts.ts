import type { PlexClientOptions } from '../providers/plex';
import type { Config } from './schema';

/** What every Plex client watchsync builds takes from the config: where the four hosts are, and who is asking. */
export function plexHosts(
  config: Config,
): Pick<PlexClientOptions, 'pmsUrl' | 'plextvUrl' | 'discoverUrl' | 'metadataUrl' | 'clientIdentifier'> {
  return {
    pmsUrl: config.plex.pms_url,
    plextvUrl: config.plex.plextv_url,
    discoverUrl: config.plex.discover_url,
    metadataUrl: config.plex.metadata_url,
    clientIdentifier: config.plex.client_identifier,
  };
}

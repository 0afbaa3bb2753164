import type { Config } from './schema';

/** Where the four Plex hosts are, and who is asking: in the shape of the Plex client's options. */
export interface PlexHosts {
  pmsUrl?: string;
  plextvUrl: string;
  discoverUrl: string;
  metadataUrl: string;
  clientIdentifier: string;
}

/** What every Plex client watchsync builds takes from the config (the config knows nothing of the client). */
export function plexHosts(config: Config): PlexHosts {
  return {
    pmsUrl: config.plex.pms_url,
    plextvUrl: config.plex.plextv_url,
    discoverUrl: config.plex.discover_url,
    metadataUrl: config.plex.metadata_url,
    clientIdentifier: config.plex.client_identifier,
  };
}

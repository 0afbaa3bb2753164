/** The Plex Media Servers a plex.tv account can reach (`GET /api/v2/resources`), to copy into library.servers. */

import { type PlexTvResource, plexTvResourcesSchema } from '../schemas';
import { createTransport } from '../transport';

export async function reachableServers(options: {
  plextvUrl: string;
  accountToken: string;
  clientIdentifier: string;
}): Promise<PlexTvResource[]> {
  const transport = createTransport({ clientIdentifier: options.clientIdentifier });
  const { data } = await transport.get(
    { baseUrl: options.plextvUrl, token: options.accountToken },
    { path: '/api/v2/resources', query: { includeHttps: 1 } },
    plexTvResourcesSchema,
  );
  return data.filter((resource) => resource.provides.split(',').includes('server'));
}

import { z } from 'zod';
import { providerIdentifierOf, providerSuffixPattern } from '../domain/plex-provider/identifier';

/**
 * The Plex custom metadata provider the bridge serves (DESIGN.md §7): Plex asks it "what is this file?" and "give me
 * its metadata" during its own scans, and it answers from Stash (`stash.url`, `stash.api_key`, `stash.path_mappings`).
 * Off until enabled.
 */

export const plexProviderSection = z
  .object({
    enabled: z.boolean().default(false),
    /** Where the bridge serves the provider: `{prefix}` is the URL to add in Plex (Settings → Metadata Agents). */
    prefix: z
      .string()
      .regex(/^\/[A-Za-z0-9._~/-]*[A-Za-z0-9._~-]$/, 'must start with / and not end with /, e.g. /plex-provider')
      .default('/plex-provider'),
    /** The identifier is `tv.plex.agents.custom.<suffix>`; it is also the scheme of every guid the provider answers. */
    identifier_suffix: z
      .string()
      .regex(providerSuffixPattern, 'only ASCII letters, digits and periods (not at the ends), e.g. watchsync.stash')
      .default('watchsync.stash'),
    title: z.string().min(1).max(100).default('watchsync (Stash)'),
    /**
     * The Plex-side folders of the library that uses the provider: Plex sends a file's path relative to its library
     * folder, so each root is tried in front of it before `stash.path_mappings` turns it into Stash's path.
     */
    library_roots: z.array(z.string().min(1)).default([]),
    /** Plex library sections the scheduled gap comparison reads (their files against Stash's scenes). */
    section_ids: z.array(z.number().int().nonnegative()).default([]),
    /**
     * The `library.servers` entry that imports this Plex server: the gap comparison reads its tables instead of
     * listing Plex while they are fresh. By default the entry whose url is plex.pms_url.
     */
    library_server: z.string().min(1).optional(),
    /** How Plex reaches the bridge, for image URLs (e.g. http://192.168.1.20:8787); the request's own host when absent. */
    public_url: z.url().optional(),
    /** How long a Stash answer (a scene, a path lookup) is reused: a scan asks for the same scene twice in a row. */
    cache_ttl_ms: z.number().int().min(0).max(3_600_000).default(60_000),
    /** A Stash read slower than this answers 503 to Plex, so a slow Stash never stalls Plex's scan. */
    stash_timeout_ms: z.number().int().min(50).max(60_000).default(3_000),
  })
  .strict();

export type PlexProviderConfig = z.infer<typeof plexProviderSection>;

/** `tv.plex.agents.custom.<identifier_suffix>`: the provider's identifier and the scheme of its guids. */
export function providerIdentifier(config: { plex_provider: Pick<PlexProviderConfig, 'identifier_suffix'> }): string {
  return providerIdentifierOf(config.plex_provider.identifier_suffix);
}

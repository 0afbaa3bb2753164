import type { ConfigInput } from '../../config';
import type { Simulator } from '..';
import { plexSceneRoot, stashRoot } from './world';

/**
 * The config sections that serve the metadata provider from a simulator's Stash: Plex's scene folder mapped to
 * Stash's with a regex rule (as a real install whose folders differ by more than a prefix would write it).
 */
export function stashProviderSections(
  sim: Simulator,
  provider: NonNullable<ConfigInput['plex_provider']> = {},
): Pick<ConfigInput, 'stash' | 'plex_provider'> {
  if (!sim.urls.stash) throw new Error('the simulator was started without a Stash');
  return {
    stash: {
      url: sim.urls.stash,
      api_key: sim.tokens.stashApiKey,
      path_mappings: [
        {
          name: 'scenes by studio',
          regex: true,
          from: `^${plexSceneRoot}/(?<studio>[^/]+)/(?<file>[^/]+)$`,
          to: `${stashRoot}/$<studio>/$<file>`,
        },
      ],
    },
    plex_provider: { enabled: true, library_roots: [plexSceneRoot], ...provider },
  };
}

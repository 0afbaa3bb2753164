import { randomBytes } from 'node:crypto';
import type { ConfigInput } from '../config';
import type { Simulator } from '.';
import { plexSceneRoot, stashRoot, stashSectionId } from './stash';

/**
 * The Plex and Trakt config sections that point watchsync at a running simulator (its ports and fake tokens), and a
 * fresh key to seal its Trakt tokens with in PostgreSQL.
 */
export function simulatorSections(sim: Simulator, traktAccount: string): Required<Pick<ConfigInput, 'plex' | 'trakt' | 'secrets'>> {
  return {
    secrets: { encryption_key: randomBytes(32).toString('base64') },
    plex: {
      account_token: sim.tokens.plexOwner,
      pms_url: sim.urls.pms,
      plextv_url: sim.urls.plextv,
      discover_url: sim.urls.discover,
      metadata_url: sim.urls.metadata,
      // Discover on loopback needs no pacing between watchlist writes.
      watchlist_write_delay_ms: 0,
    },
    trakt: {
      client_id: sim.tokens.traktClientId,
      client_secret: sim.tokens.traktClientSecret,
      api_url: sim.urls.trakt,
      auth_url: sim.urls.trakt,
      account: traktAccount,
    },
  };
}

/**
 * The Plex, bridge and Stash config sections that point the Stash push at a running simulator: its "Stash" section
 * of the PMS, the Stash API key, and the path mapping between the two roots the simulator seeds.
 */
export function stashSimulatorSections(
  sim: Simulator,
  bridge: { port: number; stash_hook_secret: string },
  stash: NonNullable<ConfigInput['stash']> = {},
): Required<Pick<ConfigInput, 'plex' | 'bridge' | 'stash'>> {
  return {
    bridge,
    plex: { account_token: sim.tokens.plexOwner, pms_url: sim.urls.pms },
    stash: {
      enabled: true,
      url: sim.urls.stash,
      api_key: sim.tokens.stashApiKey,
      plex_section_ids: [stashSectionId],
      path_mappings: [{ from: plexSceneRoot, to: stashRoot }],
      ...stash,
    },
  };
}

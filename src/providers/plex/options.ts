import type { Dispatcher } from 'undici';
import type { GuidMemo } from './memo';

/** Everything the Plex provider needs; base URLs are configurable so tests point them at the simulator. */
export interface PlexClientOptions {
  /** Absent: only the plex.tv/Discover features (watchlist, identity) work. */
  pmsUrl?: string;
  /** Token for PMS; defaults to the account token (a managed user's is the one the home switch returned). */
  pmsToken?: string;
  accountToken: string;
  plextvUrl: string;
  discoverUrl: string;
  metadataUrl: string;
  clientIdentifier: string;
  /** Parallel PMS metadata reads while hydrating history (1–64). */
  historyWorkers?: number;
  /** Parallel reads while completing ratings (1–64). */
  ratingWorkers?: number;
  /** Pause between two watchlist writes, so Discover is not hammered. */
  watchlistWriteDelayMs?: number;
  /** How many candidates an id or title search looks at. */
  watchlistQueryLimit?: number;
  /** Enrich items without external ids from the metadata service (memoised in `memo`). */
  fallbackGuid?: boolean;
  memo?: GuidMemo;
  dispatcher?: Dispatcher;
  /** For the PMS only (e.g. one accepting its self-signed certificate); defaults to `dispatcher`. */
  pmsDispatcher?: Dispatcher;
  timeoutMs?: number;
  /** Injectable for tests; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** Injectable for tests; epoch ms. */
  now?: () => number;
}

type OptionalOptions = 'pmsUrl' | 'pmsToken' | 'dispatcher' | 'pmsDispatcher' | 'timeoutMs';

export type ResolvedOptions = Required<Omit<PlexClientOptions, OptionalOptions>> & Pick<PlexClientOptions, OptionalOptions>;

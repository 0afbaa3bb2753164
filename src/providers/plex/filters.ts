/** The user's item filters (config `plex.*`): which Plex items an index leaves out, and why. */
import { parsePlexGuid } from '../../domain/guid';
import type { MinimalItem } from '../../domain/items';
import { hasExternalIdentity } from './normalize';

export type SkipReason =
  /** A history row of media deleted since: PMS keeps only its title. */
  | 'deleted_media'
  /** PMS no longer knows the ratingKey the row or listing named. */
  | 'not_found'
  /** Music, photos, clips. */
  | 'not_video'
  | 'local_guid'
  | 'ignored_guid_prefix'
  | 'no_external_ids';

export interface Skipped {
  ratingKey?: string;
  title?: string;
  reason: SkipReason;
}

export interface ItemFilters {
  /** Leave out items whose GUID names nothing outside the server (`local://`, `none://`). Default true. */
  ignoreLocalGuids?: boolean;
  /** Leave out items whose GUID starts with one of these (e.g. `com.plexapp.agents.hama://`). */
  ignoreGuidPrefixes?: readonly string[];
  /** Leave out items no other service can match (no strong ids, no show ids + numbers). Default true. */
  requireExternalIds?: boolean;
}

/** Checked before any lookup, so ignored items cost no fallback request. */
export function guidSkipReason(guid: string | undefined, filters: ItemFilters): SkipReason | undefined {
  if ((filters.ignoreGuidPrefixes ?? []).some((prefix) => guid?.startsWith(prefix))) return 'ignored_guid_prefix';
  if ((filters.ignoreLocalGuids ?? true) && parsePlexGuid(guid).local) return 'local_guid';
  return undefined;
}

export function identitySkipReason(item: MinimalItem, filters: ItemFilters): SkipReason | undefined {
  return (filters.requireExternalIds ?? true) && !hasExternalIdentity(item) ? 'no_external_ids' : undefined;
}

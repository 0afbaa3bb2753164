/** One PMS item through the user's filters and the hydrator: a domain item, or why it is left out. */
import type { MinimalItem } from '../../domain/items';
import { guidSkipReason, type ItemFilters, identitySkipReason, type Skipped } from './filters';
import type { Hydrator } from './hydrate';
import type { PmsItem } from './pms-items';

export type Description = { item: MinimalItem } | { skip: Skipped };

export async function describeItem(hydrator: Hydrator, meta: PmsItem, filters: ItemFilters): Promise<Description> {
  const skip = (reason: Skipped['reason']): Description => ({ skip: { ratingKey: meta.ratingKey, title: meta.title, reason } });
  // GUID filters first: an ignored item costs no show read and no fallback lookup.
  const guidReason = guidSkipReason(meta.guid, filters);
  if (guidReason) return skip(guidReason);
  const item = await hydrator.toItem(meta);
  if (!item) return skip('not_video');
  const reason = identitySkipReason(item, filters);
  return reason ? skip(reason) : { item };
}

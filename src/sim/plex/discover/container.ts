/** Both metadata.provider.plex.tv and discover.provider.plex.tv answer with this identifier or tv.plex.provider.discover. */
export const providerIdentifier = 'tv.plex.provider.metadata';

/**
 * A paged `MediaContainer` as the provider sends it: offset echoes the requested start, totalSize is the full
 * count, and an empty page has `size: 0` and no `Metadata` key at all.
 */
export function metadataContainer<T>(
  items: readonly T[],
  paging: { offset: number; totalSize: number },
  extra: Record<string, unknown> = {},
) {
  return {
    MediaContainer: {
      ...extra,
      offset: paging.offset,
      totalSize: paging.totalSize,
      identifier: providerIdentifier,
      size: items.length,
      ...(items.length > 0 ? { Metadata: items } : {}),
    },
  };
}

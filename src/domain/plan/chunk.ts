/** Trakt accepts at most 100 items per sync POST (DESIGN.md §4 step 3). */
export const maxChunkSize = 100;

/** Splits items into consecutive chunks of `size` (the last may be shorter), keeping their order. */
export function chunk<T>(items: readonly T[], size: number = maxChunkSize): T[][] {
  if (!Number.isInteger(size) || size < 1 || size > maxChunkSize) {
    throw new RangeError(`chunk size must be an integer from 1 to ${maxChunkSize}, got ${size}`);
  }
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

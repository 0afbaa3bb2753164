/**
 * Incremental listings (DESIGN.md §6): PMS lists a section newest-`updatedAt` first, and the reader stops
 * at the previous run's watermark less a safety overlap. The watermark is PMS's own newest `updatedAt`, not
 * watchsync's clock, so the two machines' clocks never meet; the overlap covers writes stamped within the
 * same second as the watermark and refreshes that finish after they were stamped.
 */

/** The oldest `updatedAt` (epoch seconds) an incremental listing still reads. */
export function incrementalThreshold(watermark: number, overlapSeconds: number): number {
  return watermark - overlapSeconds;
}

/**
 * Of one page, sorted newest first: how many leading entries are at or past the threshold, whether the
 * listing may stop after this page, and whether the page really was sorted (a server that ignored the
 * sort cannot be read incrementally: the caller then lists in full).
 */
export function incrementalPage(updatedAts: readonly (number | undefined)[], threshold: number, previousLast?: number) {
  let sorted = true;
  let last = previousLast ?? Number.POSITIVE_INFINITY;
  for (const at of updatedAts) {
    const value = at ?? 0;
    if (value > last) sorted = false;
    last = value;
  }
  let fresh = 0;
  while (fresh < updatedAts.length && (updatedAts[fresh] ?? 0) >= threshold) fresh += 1;
  return { fresh, reachedThreshold: fresh < updatedAts.length, sorted, last };
}

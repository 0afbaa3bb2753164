/**
 * Runs `work` over `inputs` with at most `limit` calls in flight; results keep input order. The first
 * failure rejects, and no new work starts after it.
 */
export async function mapBounded<I, O>(inputs: readonly I[], limit: number, work: (input: I) => Promise<O>): Promise<O[]> {
  const results = new Array<O>(inputs.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < inputs.length) {
      const index = next++;
      try {
        results[index] = await work(inputs[index] as I);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, inputs.length)) }, worker));
  return results;
}

/** `inputs` in consecutive slices of at most `size`. */
export function chunk<T>(inputs: readonly T[], size: number): T[][] {
  const slices: T[][] = [];
  for (let start = 0; start < inputs.length; start += size) slices.push(inputs.slice(start, start + size));
  return slices;
}

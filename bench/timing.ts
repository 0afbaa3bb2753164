/** Timing helpers the CPU-bound benchmarks share (wall and CPU time, medians). */

export interface Timing {
  wallMs: number;
  cpuMs: number;
}

export function timed<T>(run: () => T): [T, Timing] {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = run();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return [value, { wallMs, cpuMs: (used.user + used.system) / 1000 }];
}

export const round = (ms: number) => Math.round(ms * 100) / 100;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

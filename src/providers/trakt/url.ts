/** Appends an absolute API path to a configured base URL, keeping any path prefix the base has (a proxy, the simulator). */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

import { networkInterfaces } from 'node:os';

/** This machine's first non-loopback IPv4 address: a request from it is "from another machine" to a local server. */
export function externalAddress(): string {
  const address = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
  if (!address) throw new Error('this test needs a network interface besides loopback');
  return address;
}

/** What every part of the Plex provider shares: the transport, the four hosts and the resolved options. */
import type { ResolvedOptions } from './options';
import type { PlexHost, PlexTransport } from './transport';

export interface PlexContext {
  transport: PlexTransport;
  pms: PlexHost | undefined;
  plextv: PlexHost;
  discover: PlexHost;
  metadata: PlexHost;
  options: ResolvedOptions;
}

export class PmsNotConfiguredError extends Error {
  constructor() {
    super('no Plex Media Server configured (plex.pms_url)');
    this.name = 'PmsNotConfiguredError';
  }
}

export function pmsHost(ctx: PlexContext): PlexHost {
  if (!ctx.pms) throw new PmsNotConfiguredError();
  return ctx.pms;
}

/** Readiness per feature: history and ratings need PMS, the watchlist needs Discover. Never throws. */
import type { PlexContext } from './context';
import { discoverWatchlistSchema, pmsSectionsSchema } from './schemas';

export type ServiceHealth = { status: 'ok' } | { status: 'error'; reason: string };
export type FeatureReadiness = { status: 'ready' } | { status: 'not_ready'; reason: string };

export interface PlexHealth {
  pms: ServiceHealth;
  discover: ServiceHealth;
  features: { history: FeatureReadiness; ratings: FeatureReadiness; watchlist: FeatureReadiness };
}

async function probe(check: () => Promise<unknown>): Promise<ServiceHealth> {
  try {
    await check();
    return { status: 'ok' };
  } catch (error) {
    // http.ts errors name the endpoint with secrets masked; tokens travel in headers anyway.
    return { status: 'error', reason: error instanceof Error ? error.message : String(error) };
  }
}

function readiness(service: ServiceHealth, name: string): FeatureReadiness {
  return service.status === 'ok' ? { status: 'ready' } : { status: 'not_ready', reason: `${name}: ${service.reason}` };
}

export async function checkHealth(ctx: PlexContext): Promise<PlexHealth> {
  const page = { 'X-Plex-Container-Start': '0', 'X-Plex-Container-Size': '0' };
  const pms = ctx.pms;
  const [pmsHealth, discover] = await Promise.all([
    // An authenticated read, so a revoked token shows up here and not in the middle of a sync.
    pms
      ? probe(() => ctx.transport.get(pms, { path: '/library/sections', headers: page }, pmsSectionsSchema))
      : Promise.resolve<ServiceHealth>({ status: 'error', reason: 'no Plex Media Server configured (plex.pms_url)' }),
    probe(() => ctx.transport.get(ctx.discover, { path: '/library/sections/watchlist/all', headers: page }, discoverWatchlistSchema)),
  ]);
  const onPms = readiness(pmsHealth, 'Plex Media Server');
  return { pms: pmsHealth, discover, features: { history: onPms, ratings: onPms, watchlist: readiness(discover, 'Plex Discover') } };
}

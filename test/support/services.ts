import { inject } from 'vitest';

/** What test/setup/global.ts started for the whole run. */
export interface ProvidedServices {
  temporalAddress: string;
  databaseUrl: string;
  workflowBundlePath: string;
}

export function services(): ProvidedServices {
  const value = (inject as unknown as (key: string) => ProvidedServices | undefined)('services');
  if (!value) throw new Error('Temporal and PostgreSQL were not started: run the suite with `npm test`');
  return value;
}

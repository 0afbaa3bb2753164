import { join } from 'node:path';

/** The real payloads the simulator and the schemas are held to: ../shared/fixtures beside the repository. */
export const fixturesDir = process.env.WATCHSYNC_FIXTURES ?? join(__dirname, '..', '..', '..', 'shared', 'fixtures');

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/store/db';
import { services } from '../support/services';
import { writeTestConfig } from '../support/worker-process';
import { eventually, pickMovie, play, settled, verbsOf, withRig } from './harness';

const root = join(__dirname, '..', '..');
const run = promisify(execFile);

describe('watchsync scrobble status', () => {
  let db: Pool;
  beforeAll(() => {
    db = createPool(services().databaseUrl, 2);
  });
  afterAll(() => db.end());

  it('shows the live sessions and the last Trakt calls, from the workflow query', async () => {
    await withRig(db, { webhook: true }, async (rig, ctx) => {
      const { sim } = rig;
      const { movie, ratingKey } = pickMovie(sim);
      const sessionKey = sim.player.start({ accountId: sim.library.owner.id, ratingKey, playerUuid: 'den' });
      await play(sim, movie.durationMs * 0.2, 60_000);
      sim.player.pause(sessionKey);
      await eventually(() => verbsOf(sim, movie.key).length === 2, 'the start and the pause');
      await settled(ctx, rig);
      const env = { ...process.env, WATCHSYNC_CONFIG: writeTestConfig(rig.config), DATABASE_URL: services().databaseUrl };
      const cli = (...args: string[]) =>
        run(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'src', 'client', 'cli.ts'), 'scrobble', 'status', ...args], { env });
      const uuid = sim.library.machineIdentifier;
      const { stdout } = await cli('--server', uuid);
      expect(stdout).toContain(`server ${uuid}`);
      expect(stdout).toMatch(
        new RegExp(`webhook:den\\s+${sim.library.owner.title}\\s+${movie.title} \\(${movie.year}\\)\\s+paused 20\\.0%\\s+last pause @ 20%`),
      );
      expect(stdout).toMatch(/start 0%.*→ start/);
      expect(stdout).toMatch(/pause 20%.*→ pause/);
      const listed = await eventually(async () => {
        const all = (await cli()).stdout;
        return all.includes(`server ${uuid}`) ? all : undefined;
      }, 'the workflow to be listed');
      expect(listed).toContain('last Trakt calls:');
      const json = JSON.parse((await cli('--server', uuid, '--json')).stdout);
      expect(json[0]).toMatchObject({ serverUuid: uuid, sessions: [{ sessionKey: 'webhook:den', state: 'paused' }] });
    });
  });
});

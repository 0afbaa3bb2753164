import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/store/db';
import { watchsyncCli } from '../support/cli';
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
      // Listed by name too: the bridge knew it from the webhook when it started the workflow.
      expect(listed).toContain(`server ${uuid} "Plex Sim"  run 1`);
      const json = JSON.parse((await cli('--server', uuid, '--json')).stdout);
      expect(json[0]).toMatchObject({ serverUuid: uuid, sessions: [{ sessionKey: 'webhook:den', state: 'paused' }] });
    });
  });

  it('--watch redraws while the player plays: the session appears, its progress and state follow; Ctrl-C ends it cleanly', async () => {
    await withRig(db, { watch: true }, async (rig) => {
      const { sim } = rig;
      await eventually(() => rig.bridge.watcher?.status().state === 'connected', 'the websocket to connect');
      const status = watchsyncCli(rig.config)('scrobble', 'status', '--watch', '1');
      /** The last complete frame: each starts with its time and how often it is redrawn. */
      const lastFrame = () => {
        const frames = status.output().split(/^(?=\S+ {2}\(every 1 s, Ctrl-C stops\)$)/m);
        return frames.length >= 2 ? frames[frames.length - 2] : undefined;
      };
      const frameMatching = (pattern: RegExp, what: string) =>
        eventually(() => pattern.exec(lastFrame() ?? '') ?? undefined, `a frame showing ${what}`, 60_000).catch((error: Error) => {
          throw new Error(`${error.message}; the CLI printed:\n${status.output()}`);
        });
      try {
        // The bridge starts the server's workflow when its websocket connects: running, nobody playing yet.
        await frameMatching(/^ {2}no live sessions$/m, 'no session yet');

        const { movie, ratingKey } = pickMovie(sim);
        const what = `${sim.library.owner.title}\\s+${movie.title} \\(${movie.year}\\)`;
        const sessionKey = sim.player.start({ accountId: sim.library.owner.id, ratingKey });
        await play(sim, Math.round(movie.durationMs * 0.2));
        const early = await frameMatching(new RegExp(`${what}\\s+playing (\\d+\\.\\d)%`), 'the session playing');
        await play(sim, Math.round(movie.durationMs * 0.3));
        const later = await frameMatching(new RegExp(`${what}\\s+playing (4\\d\\.\\d|50\\.0)%`), 'its progress at about half');
        expect(Number(later[1])).toBeGreaterThan(Number(early[1]));
        sim.player.pause(sessionKey);
        await sim.player.flush();
        await frameMatching(new RegExp(`${what}\\s+paused \\d+\\.\\d%\\s+last pause @ \\d+%`), 'it paused');
      } finally {
        status.kill('SIGINT');
      }
      const stopped = await Promise.race([status.done, new Promise((resolve) => setTimeout(() => resolve('still running'), 15_000))]);
      expect(stopped).toMatchObject({ code: 0, stderr: '' });
    });
  }, 180_000);
});

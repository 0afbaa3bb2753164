import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeMultipart } from '../../src/sim/plex/player/multipart';
import { createPool, type Pool } from '../../src/store/db';
import { scrobbleWorkflowId, scrobbleWorkflowType } from '../../src/workflows/scrobble-api';
import { services } from '../support/services';
import { writeTestConfig } from '../support/worker-process';
import { eventually, pickMovie, play, settled, verbsOf, withRig, workflowStatus } from './harness';

const root = join(__dirname, '..', '..');
const run = promisify(execFile);

/** Just under the bridge's 1 MB body limit, like the bodies that used to jam a server's workflow. */
const oversize = 'x'.repeat(920 * 1024);

/** A media.play webhook of `serverUuid` with one field (path) blown up to ~920 KB. */
function oversizePayload(serverUuid: string, field: number): Record<string, unknown> {
  const payload = {
    event: 'media.play',
    user: true,
    owner: true,
    Account: { id: 1, title: 'owner' },
    Server: { title: 'pms', uuid: serverUuid },
    Player: { local: true, publicAddress: '203.0.113.7', title: 'tv', uuid: `player-${field}` },
    Metadata: { ratingKey: `9${field}`, key: `/library/metadata/9${field}`, guid: 'plex://movie/1', type: 'movie', title: 'x' },
  };
  const blowUp: ((p: typeof payload) => unknown)[] = [
    (p) => ({ ...p, Player: { ...p.Player, uuid: oversize } }),
    (p) => ({ ...p, Account: { ...p.Account, title: oversize } }),
    (p) => ({ ...p, Metadata: { ...p.Metadata, ratingKey: oversize } }),
    (p) => ({ ...p, Metadata: { ...p.Metadata, title: oversize } }),
    (p) => ({ ...p, Metadata: { ...p.Metadata, guid: oversize } }),
    (p) => ({ ...p, Player: { ...p.Player, title: oversize } }),
    (p) => ({ ...p, Metadata: { ...p.Metadata, Guid: Array.from({ length: 44_000 }, (_, i) => ({ id: `tmdb://${i}` })) } }),
    (p) => ({ ...p, Server: { ...p.Server, title: oversize } }),
  ];
  return blowUp[field % blowUp.length]!(payload) as Record<string, unknown>;
}

describe('oversize but authenticated webhooks (issue 17, item 2)', () => {
  let db: Pool;
  beforeAll(() => {
    db = createPool(services().databaseUrl, 4);
  });
  afterAll(() => db.end());

  it('eight ~920 KB webhooks get 4xx and signal nothing; the session goes on to its scrobble; `scrobble status` lists every server', async () => {
    await withRig(db, { webhook: true }, async (rig, ctx) => {
      const { sim } = rig;
      const uuid = sim.library.machineIdentifier;
      const { movie, ratingKey } = pickMovie(sim);
      const sessionKey = sim.player.start({ accountId: sim.library.owner.id, ratingKey, playerUuid: 'living-room' });
      await play(sim, Math.round(movie.durationMs * 0.3), 60_000);
      await eventually(() => verbsOf(sim, movie.key).includes('start'), 'the start');
      const before = await settled(ctx, rig);

      for (let field = 0; field < 8; field += 1) {
        const json = JSON.stringify(oversizePayload(uuid, field));
        const body =
          field % 2 === 0
            ? { contentType: 'application/json', body: Buffer.from(json) }
            : encodeMultipart([{ name: 'payload', contentType: 'application/json', data: json }]);
        expect(body.body.length, 'authenticated bodies under the 1 MB limit').toBeGreaterThan(900 * 1024);
        expect(body.body.length).toBeLessThan(rig.config.bridge.max_body_bytes);
        const response = await request(rig.webhookUrl, { method: 'POST', headers: { 'content-type': body.contentType }, body: body.body });
        const answer = (await response.body.json()) as { error?: string };
        expect(response.statusCode, `body ${field}: ${answer.error}`).toBe(422);
        expect(answer.error).toMatch(/too big|too_big|<=/i);
      }

      const after = await workflowStatus(ctx, uuid);
      expect(after.eventsReceived, 'nothing of the oversize webhooks was signalled').toBe(before.eventsReceived);
      expect(after.sessions.map((s) => s.sessionKey)).toEqual(['webhook:living-room']);

      await play(sim, Math.round(movie.durationMs * 0.65), 60_000);
      sim.player.stop(sessionKey);
      await eventually(() => verbsOf(sim, movie.key).includes('stop:scrobble'), 'the scrobbling stop after the oversize webhooks');
      expect(verbsOf(sim, movie.key)).toEqual(['start', 'stop:scrobble']);
      await settled(ctx, rig);
      // The workflow records the stop's answer once the call returns: a moment after Trakt has it.
      await eventually(async () => (await workflowStatus(ctx, uuid)).recent.length === 2, 'the stop in the status');
      expect((await workflowStatus(ctx, uuid)).recent.map((a) => a.result)).toEqual(['start', 'scrobble']);

      // A second server whose workflow cannot answer (its first task fails): the CLI still shows this server.
      const stuck = `stuck-${randomUUID()}`;
      await ctx.client.workflow.start(scrobbleWorkflowType, {
        workflowId: scrobbleWorkflowId(stuck),
        taskQueue: ctx.taskQueue,
        args: [null],
      });
      const env = { ...process.env, WATCHSYNC_CONFIG: writeTestConfig(rig.config), DATABASE_URL: services().databaseUrl };
      const cli = () =>
        run(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'src', 'client', 'cli.ts'), 'scrobble', 'status'], { env }).then(
          (out) => ({ ...out, code: 0 }),
          (error: { stdout: string; stderr: string; code: number }) => error,
        );
      const listed = await eventually(async () => {
        const out = await cli();
        return out.stdout.includes(stuck) ? out : undefined;
      }, 'both workflows in the list');
      expect(listed.stdout).toContain(`server ${uuid}`);
      expect(listed.stdout).toMatch(new RegExp(`${movie.title} \\(${movie.year}\\)`));
      expect(listed.stdout).toMatch(new RegExp(`server ${stuck}\\s+status query failed: .+`));
      expect(listed.code, 'a server that did not answer makes the exit code non-zero').toBe(1);
      await ctx.client.workflow.getHandle(scrobbleWorkflowId(stuck)).terminate('test over');
    });
  }, 120_000);
});

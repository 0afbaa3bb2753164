import { randomBytes } from 'node:crypto';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/store/db';
import { scrobbleWorkflowId } from '../../src/workflows/scrobble-api';
import { services } from '../support/services';
import { pickMovie, type ScrobbleRig, withRig } from './harness';

/** A webhook for `serverUuid` (a play of one of the simulator's movies). */
function playWebhook(rig: ScrobbleRig, serverUuid: string, player = 'tv') {
  const { ratingKey } = pickMovie(rig.sim);
  return JSON.stringify({
    event: 'media.play',
    user: true,
    owner: true,
    Account: { id: rig.sim.library.owner.id, title: rig.sim.library.owner.title },
    Server: { title: 'Office', uuid: serverUuid },
    Player: { local: true, publicAddress: '203.0.113.7', title: 'tv', uuid: player },
    Metadata: { ratingKey, key: `/library/metadata/${ratingKey}`, guid: 'plex://movie/1', type: 'movie', title: 'x', viewOffset: 0 },
  });
}

async function post(rig: ScrobbleRig, body: string): Promise<{ status: number; body: Record<string, string> }> {
  const response = await request(rig.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: response.statusCode, body: (await response.body.json()) as Record<string, string> };
}

describe('which Plex servers may start a scrobble workflow (issue 17, item 5)', () => {
  let db: Pool;
  beforeAll(() => {
    db = createPool(services().databaseUrl, 4);
  });
  afterAll(() => db.end());

  it('without scrobble.server_uuid: the servers the Plex account reaches (plex.tv resources); any other gets 403 and no workflow', async () => {
    await withRig(db, { webhook: true }, async (rig, ctx) => {
      const own = rig.sim.library.machineIdentifier;
      const stranger = 'f'.repeat(40);
      const refused = await post(rig, playWebhook(rig, stranger));
      expect(refused.status).toBe(403);
      expect(refused.body.error).toMatch(new RegExp(`${stranger} is not among the servers plex.account_token reaches`));
      expect(refused.body.error).toMatch(/scrobble\.servers/);
      await expect(ctx.client.workflow.getHandle(scrobbleWorkflowId(stranger)).describe()).rejects.toThrow(/not found/i);
      // A Server.uuid past any real machineIdentifier (and past Temporal's 1,000-character workflow IDs): 422, not 503.
      const endless = await post(rig, playWebhook(rig, 'a'.repeat(1_100)));
      expect(endless.status).toBe(422);
      expect(endless.body.error).toMatch(/Server\.uuid/);
      expect(await post(rig, playWebhook(rig, own))).toEqual({ status: 202, body: { status: 'accepted' } });
      const started = await ctx.client.workflow.getHandle(scrobbleWorkflowId(own)).describe();
      expect(started.status.name).toBe('RUNNING');
      // The Temporal UI names the server, not only its 40-hex ID (issue 16).
      expect(await started.staticSummary()).toBe('Live scrobbling to Trakt for Plex server "Office"');
      const details = await started.staticDetails();
      expect(details).toContain(own);
      expect(details).toMatch(/Started by:\*\* the watchsync bridge at 127\.0\.0\.1:\d+ \(Plex webhooks\)/);
    });
  });

  it('with scrobble.servers: only those servers, even when the Plex account reaches others', async () => {
    const listed = randomBytes(20).toString('hex');
    await withRig(db, { webhook: true, scrobble: { servers: [listed] } }, async (rig, ctx) => {
      const own = rig.sim.library.machineIdentifier;
      const refused = await post(rig, playWebhook(rig, own));
      expect(refused.status).toBe(403);
      expect(refused.body.error).toMatch(/is not in scrobble\.servers/);
      await expect(ctx.client.workflow.getHandle(scrobbleWorkflowId(own)).describe()).rejects.toThrow(/not found/i);
      expect(await post(rig, playWebhook(rig, listed))).toEqual({ status: 202, body: { status: 'accepted' } });
    });
  });
});

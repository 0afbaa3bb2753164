import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBridge, startBridge } from '../../src/bridge/bridge';
import { parseConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { type Simulator, startSimulator } from '../../src/sim';
import { scanWithProvider, useProviderAgent } from '../../src/sim/plex/pms/provider-scan';
import { stashSectionId } from '../../src/sim/stash';
import { stashProviderSections } from '../../src/sim/stash/provider-config';
import { createPool, type Pool } from '../../src/store/db';
import { listGaps } from '../../src/store/stash-gaps';
import { services } from '../support/services';

const identifier = 'tv.plex.agents.custom.watchsync.stash';

describe('the metadata provider while Stash is slow or down', () => {
  let sim: Simulator;
  let bridge: RunningBridge;
  let db: Pool;

  beforeAll(async () => {
    sim = await startSimulator({ size: 'tiny', seed: 9, stash: { scenes: 40 } });
    const config = parseConfig({
      database: { url: services().databaseUrl },
      bridge: { port: 0 },
      ...stashProviderSections(sim, { cache_ttl_ms: 0, stash_timeout_ms: 300 }),
    });
    db = createPool(services().databaseUrl, 1);
    bridge = await startBridge({ config, log: createLogger({ level: 'silent' }) });
    useProviderAgent(sim.library, stashSectionId, identifier);
  });
  afterAll(async () => {
    await bridge?.close();
    await db?.end();
    await sim?.close();
  });

  it('a Stash slower than the timeout gets Plex a 503 long before Stash would have answered', async () => {
    sim.stash!.faults.set('*', { latencyMs: 5_000 });
    try {
      const started = Date.now();
      const answer = await fetch(`${bridge.providerUrl}/library/metadata/3`);
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('30');
      expect(((await answer.json()) as { error: string }).error).toMatch(/Stash is unavailable/);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      sim.stash!.faults.clear();
    }
  });

  it('with Stash down the scan finishes, every file failed with 503 and none recorded as a gap', async () => {
    const started = new Date();
    sim.stash!.faults.set('*', { outageUntil: Date.now() + 60_000, refuse: true });
    try {
      const scan = await scanWithProvider(sim.library, stashSectionId, bridge.providerUrl!);
      expect(scan.items).toHaveLength(40);
      expect(scan.items.every((i) => i.outcome === 'failed' && i.status === 503)).toBe(true);
    } finally {
      sim.stash!.faults.clear();
    }
    // provider-scan.test.ts shares the database and records its own gaps (scenes 7, 17, 27…) meanwhile: look at ours.
    const ours = new Set(
      sim.library.sectionItems
        .get(stashSectionId)!
        .filter((item) => Number(item.ratingKey) % 10 !== 7)
        .map((item) => item.file),
    );
    const recorded = (await listGaps(db, 'plex-only')).filter((g) => g.lastSeenAt >= started && ours.has(g.plexPath));
    expect(recorded).toEqual([]);
    // Once Stash is back, the next scan matches.
    const again = await scanWithProvider(sim.library, stashSectionId, bridge.providerUrl!);
    expect(again.items.filter((i) => i.outcome === 'matched')).toHaveLength(40);
  });
});

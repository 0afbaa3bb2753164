import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatorConfig } from '../../src/client/demo';
import { runningPairRun } from '../../src/client/pair-runs';
import { parseConfig } from '../../src/config';
import { simSizes, startSimulator } from '../../src/sim';
import { createPool, type Pool } from '../../src/store/db';
import { freeze, listUnresolved } from '../../src/store/unresolved';
import { type libraryImport, libraryImportWorkflowId } from '../../src/workflows/library-import';
import { pairScheduleId, pairSyncWorkflowType, pairWorkflowId, progressQuery } from '../../src/workflows/pair-sync-api';
import { simServer, testInput } from '../library/harness';
import { eventually, pickMovie, play, withRig } from '../scrobble/harness';
import { plexWatchlist } from '../support/plex-truth';
import { services } from '../support/services';
import { findChromium, launchBrowser, logIn, reloadUntil, screenshot, visibleText, withDashboard } from './harness';

/**
 * Issue 15: the dashboard in a real browser (Debian's chromium driven by playwright-core) against the simulator,
 * Temporal and PostgreSQL. Each test saves a screenshot of its page under test-output/screenshots/.
 */
const found = findChromium();
if ('skip' in found) console.warn(`dashboard browser tests skipped: ${found.skip}`);

describe.skipIf('skip' in found)('the dashboard in a browser', () => {
  let browser: Browser;
  let db: Pool;
  beforeAll(async () => {
    browser = await launchBrowser((found as { path: string }).path);
    db = createPool(services().databaseUrl, 2);
  });
  afterAll(async () => {
    await browser?.close();
    await db?.end();
  });

  async function withPage(fn: (page: Page) => Promise<void>, viewport = { width: 1280, height: 900 }): Promise<void> {
    const context = await browser.newContext({ viewport });
    try {
      await fn(await context.newPage());
    } finally {
      await context.close();
    }
  }

  const main = (page: Page) => visibleText(page.locator('main'));

  it('renders every page against the demo setup, after a sync started from the Pairs page', async () => {
    const sim = await startSimulator({ size: 'demo', seed: 1 + Math.floor(Math.random() * 1_000) });
    try {
      // The pair `npm start`'s demo syncs (src/client/demo.ts).
      const demo = simulatorConfig(parseConfig({}), sim);
      const server = simServer(sim);
      await withDashboard(sim, { pairs: demo.pairs, library: { servers: [server] } }, async (rig) => {
        const { client, taskQueue } = rig.workers;
        await client.workflow.execute<typeof libraryImport>('libraryImport', {
          taskQueue,
          workflowId: libraryImportWorkflowId(server.id),
          args: [{ serverId: server.id, ...testInput }],
        });
        await withPage(async (page) => {
          await logIn(page, rig);
          await page.getByRole('button', { name: 'Sync now' }).click();
          expect(await main(page)).toContain('Sync started');
          await reloadUntil(page, rig.ui, async () => (await main(page)).includes('green'), 'the demo sync to end green', 120_000);
          const pairs = await main(page);
          expect(pairs).toMatch(/demo\s+plex → trakt/);
          expect(pairs).toMatch(/Last run completed/);
          expect(pairs).toMatch(/history\s+synced/);
          expect(await page.getByRole('link', { name: 'run in the Temporal UI' }).first().getAttribute('href')).toMatch(
            /\/namespaces\/default\/workflows\/pair-sync%2Fdemo\//,
          );
          await screenshot(page, 'pairs');

          // A dry-run plan from the page: it runs, and the pair shows it as its last run.
          await page.getByRole('button', { name: 'Dry-run plan' }).click();
          expect(await main(page)).toContain('Dry-run plan started');
          await reloadUntil(page, rig.ui, async () => (await main(page)).includes('Last plan completed'), 'the plan to end');

          // Pause and resume the pair's schedule from the page.
          const schedule = await rig.workers.client.schedule.create({
            scheduleId: pairScheduleId('demo'),
            spec: { intervals: [{ every: '6h' }] },
            action: {
              type: 'startWorkflow',
              workflowType: pairSyncWorkflowType,
              workflowId: pairWorkflowId('demo'),
              taskQueue: rig.config.temporal.task_queue,
              args: [{ pairId: 'demo' }],
            },
          });
          try {
            await reloadUntil(page, rig.ui, async () => /Schedule every 6h, next run in \d/.test(await main(page)), 'the schedule');
            await page.getByRole('button', { name: 'Pause schedule' }).click();
            expect(await main(page)).toContain('The schedule of demo is paused.');
            expect((await schedule.describe()).state.paused).toBe(true);
            await page.goto(rig.ui);
            await page.getByRole('button', { name: 'Resume schedule' }).click();
            expect((await schedule.describe()).state.paused).toBe(false);
          } finally {
            await schedule.delete();
          }

          for (const [path, heading, name, expected] of [
            ['/attention', 'Needs attention', 'attention', /No removals wait for approval/],
            ['/playing', 'Now playing', 'playing', /No scrobble workflow is running/],
            ['/library', 'Library and Stash', 'library', new RegExp(`${server.id}\\s+Movies \\(movie\\)\\s+\\d+`)],
            ['/health', 'Health', 'health', /database\s+ok[\s\S]*temporal\s+ok[\s\S]*worker\s+ok[\s\S]*plex\s+ok[\s\S]*trakt\s+ok/],
          ] as const) {
            await page.goto(`${rig.ui}${path}`);
            expect(await visibleText(page.getByRole('heading', { level: 1 }))).toBe(heading);
            expect(await main(page)).toMatch(expected);
            await screenshot(page, name);
          }
          const html = await page.content();
          expect(html).not.toContain(rig.adminToken);
          expect(html).not.toContain(sim.tokens.traktAccess);
        });
        // On a phone: the same page, laid out for a narrow screen.
        await withPage(
          async (page) => {
            await page.goto(rig.ui);
            expect(await main(page)).toMatch(/demo\s+plex → trakt/);
            const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
            expect(overflow).toBeLessThanOrEqual(0);
            await screenshot(page, 'pairs-phone');
          },
          { width: 390, height: 844 },
        );
      });
    } finally {
      await sim.close();
    }
  });

  it('approve from the page applies exactly the held removals; without the token it is refused and changes nothing', async () => {
    const sim = await startSimulator({ size: { ...simSizes.tiny, movies: 80 }, seed: 40 + Math.floor(Math.random() * 1_000) });
    try {
      const movies = sim.catalog.movies.filter((m) => m.traktKnown && m.guidStyle === 'modern').slice(0, 40);
      sim.discover.state.watchlists.replace(
        sim.tokens.plexOwner,
        movies.map((m) => m.plexId),
      );
      const pairs = [{ id: 'cut', source: 'plex' as const, target: 'trakt' as const, features: { watchlist: { remove: true } } }];
      const traktWatchlist = () =>
        sim.trakt.control
          .truth(sim.tokens.traktUsername)
          .watchlist.map((w) => w.key)
          .sort();
      await withDashboard(sim, { pairs }, async (rig) => {
        await withPage(async (page) => {
          await logIn(page, rig);
          await page.getByRole('button', { name: 'Sync now' }).click();
          await reloadUntil(page, rig.ui, async () => (await main(page)).includes('green'), 'the first sync');
          expect(traktWatchlist()).toHaveLength(40);
          const removed = movies.slice(16);
          for (const movie of removed) sim.discover.state.watchlists.remove(sim.tokens.plexOwner, movie.plexId);
          const kept = plexWatchlist(sim).sort();
          expect(kept).toHaveLength(16);

          await page.getByRole('button', { name: 'Sync now' }).click();
          await reloadUntil(page, rig.ui, async () => (await main(page)).includes('24 removals held'), 'the removals to be held');
          await page.getByText('Show the 24 titles').click();
          const listed = await page.locator('.held ul.items li').allInnerTexts();
          expect(listed).toHaveLength(24);
          for (const movie of removed) expect(listed.some((line) => line.startsWith(`${movie.title} (${movie.year})`))).toBe(true);
          await screenshot(page, 'held-removals');
        });

        // Another browser, not logged in, on the same machine: the button is there, the change is refused.
        await withPage(async (page) => {
          await page.goto(rig.ui);
          await page.getByRole('button', { name: 'Approve the removals' }).click();
          expect(await main(page)).toContain('Changes need the admin token');
          await screenshot(page, 'refused');
        });
        const running = await runningPairRun(rig.workers.client, 'cut');
        expect((await running!.handle.query(progressQuery)).awaitingApproval?.removals).toBe(24);
        expect(traktWatchlist()).toHaveLength(40);

        await withPage(async (page) => {
          await logIn(page, rig);
          await page.getByRole('button', { name: 'Approve the removals' }).click();
          expect(await main(page)).toMatch(/Approved 24 removals of plan \d+/);
          await screenshot(page, 'approved');
          await reloadUntil(page, rig.ui, async () => (await main(page)).includes('green'), 'the approved run to end');
        });
        expect(traktWatchlist()).toEqual(plexWatchlist(sim).sort());
        expect(traktWatchlist()).toHaveLength(16);
      });
    } finally {
      await sim.close();
    }
  });

  it('thaw from the Needs attention page thaws the item; without the token nothing thaws', async () => {
    const sim = await startSimulator({ size: 'tiny', seed: 7 });
    try {
      const pairs = [{ id: `frozen-${Date.now()}`, source: 'plex' as const, target: 'trakt' as const, features: { ratings: {} } }];
      const pairId = pairs[0]!.id;
      await withDashboard(sim, { pairs }, async (rig) => {
        const frozen = ['Alpha & <Omega>', 'Beta'].map((title, i) => ({
          pairId,
          feature: 'ratings' as const,
          destination: 'target' as const,
          itemKey: `imdb:tt00000${i}`,
          record: { item: { type: 'movie', title, year: 2001 + i, ids: { imdb: `tt00000${i}` } } },
          reason: 'Trakt does not know this title (404)',
        }));
        await freeze(db, frozen);
        const frozenKeys = async () => (await listUnresolved(db, { pairId })).map((i) => i.itemKey).sort();

        await withPage(async (page) => {
          await page.goto(`${rig.ui}/attention`);
          expect(await main(page)).toContain('Alpha & <Omega> (2001)');
          await page.getByRole('row', { name: /Beta/ }).getByRole('button', { name: 'Thaw' }).click();
          expect(await main(page)).toContain('Changes need the admin token');
        });
        expect(await frozenKeys()).toEqual(['imdb:tt000000', 'imdb:tt000001']);

        await withPage(async (page) => {
          await logIn(page, rig);
          await page.goto(`${rig.ui}/attention`);
          await screenshot(page, 'attention-frozen');
          await page.getByRole('row', { name: /Beta/ }).getByRole('button', { name: 'Thaw' }).click();
          expect(await main(page)).toContain(`Thawed 1 item(s) of ${pairId}`);
          await screenshot(page, 'thawed');
        });
        expect(await frozenKeys()).toEqual(['imdb:tt000000']);
      });
    } finally {
      await sim.close();
    }
  });

  it('the Now playing page shows a session the simulated player starts, without a reload', async () => {
    await withRig(db, { webhook: true }, async (rig) => {
      const { sim } = rig;
      await withPage(async (page) => {
        await page.goto(`${rig.bridge.url}/ui/playing`);
        const { movie, ratingKey } = pickMovie(sim);
        sim.player.start({ accountId: sim.library.owner.id, ratingKey, playerUuid: 'den' });
        await play(sim, movie.durationMs * 0.2, 60_000);
        const row = page.getByRole('row', { name: new RegExp(movie.title) });
        await eventually(
          async () => (await row.count()) > 0 && /start at 0%|pause|scrobble/.test(await visibleText(row)),
          'the session on the page',
          30_000,
        );
        const text = await visibleText(row);
        expect(text).toContain(sim.library.owner.title);
        expect(text).toMatch(/playing/);
        // The server by the name the webhook gave, not only its 40-hex machineIdentifier.
        await expect(page.getByRole('heading', { name: /Server Plex Sim/ }).count()).resolves.toBe(1);
        await screenshot(page, 'now-playing');
      });
    });
  });
});

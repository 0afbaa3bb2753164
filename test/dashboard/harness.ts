import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { type RunningBridge, startBridge } from '../../src/bridge/bridge';
import { type Config, type ConfigInput, parseConfig } from '../../src/config';
import { freePort } from '../../src/devserver/temporal';
import { createLogger } from '../../src/log';
import type { Simulator } from '../../src/sim';
import { simulatorSections } from '../../src/sim/config';
import { services } from '../support/services';
import { type SyncContext, seedTraktTokens, withSyncWorkers } from '../support/sync';

const screenshots = join(__dirname, '..', '..', 'test-output', 'screenshots');

/** Debian's chromium (scripts/ensure-chromium.sh installs it), or CHROMIUM_PATH; never a downloaded browser. */
export function findChromium(): { path: string } | { skip: string } {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(path)) return { path };
  return { skip: `no chromium at ${path} (install Debian's \`chromium\`, scripts/ensure-chromium.sh, or set CHROMIUM_PATH)` };
}

export async function launchBrowser(path: string): Promise<Browser> {
  // Root in a container has no user namespace for chromium's sandbox.
  return chromium.launch({ executablePath: path, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
}

/** The text a reader sees (layout applied), which is what the tests assert on. */
export function visibleText(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, not a DOM node; rendered text is the point.
  return locator.innerText();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshots, { recursive: true });
  const file = join(screenshots, `dashboard-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface DashboardRig {
  sim: Simulator;
  config: Config;
  adminToken: string;
  bridge: RunningBridge;
  /** The dashboard's address. */
  ui: string;
  workers: SyncContext;
}

/**
 * The simulator, a config pointing at it (Trakt tokens stored), the workers polling the config's task queue and a
 * bridge serving the dashboard, for the duration of `fn`.
 */
export async function withDashboard(sim: Simulator, extra: Partial<ConfigInput>, fn: (rig: DashboardRig) => Promise<void>): Promise<void> {
  const { temporalAddress, databaseUrl } = services();
  const adminToken = randomBytes(32).toString('hex');
  const taskQueue = `dashboard-${randomUUID()}`;
  const config = parseConfig({
    temporal: { address: temporalAddress, task_queue: taskQueue },
    database: { url: databaseUrl },
    log: { level: 'warn' },
    bridge: { host: '127.0.0.1', port: await freePort(), admin_token: adminToken },
    ...simulatorSections(sim, `dashboard-${randomUUID()}`),
    ...extra,
  });
  await withSyncWorkers(
    config,
    async (workers) => {
      await seedTraktTokens(workers.db, config, sim);
      const bridge = await startBridge({ config, log: createLogger({ level: 'silent' }) });
      try {
        await fn({ sim, config, adminToken, bridge, ui: `${bridge.url}/ui`, workers });
      } finally {
        await bridge.close();
      }
    },
    taskQueue,
  );
}

/** Logs the page's browser in with the admin token through the login form. */
export async function logIn(page: Page, rig: DashboardRig): Promise<void> {
  await page.goto(`${rig.ui}/login`);
  await page.getByLabel('Admin token').fill(rig.adminToken);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${rig.ui}`);
}

/** Reloads `url` until `check` passes (what a reader without JavaScript does). */
export async function reloadUntil(page: Page, url: string, check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.goto(url);
    if (await check()) return;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${(await visibleText(page.locator('main'))).slice(0, 2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

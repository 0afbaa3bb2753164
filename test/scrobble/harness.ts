import { randomUUID } from 'node:crypto';
import { createActivities } from '../../src/activities';
import { createClients } from '../../src/activities/clients';
import { type RunningBridge, startBridge } from '../../src/bridge/bridge';
import { type Config, type ConfigInput, parseConfig } from '../../src/config';
import { freePort } from '../../src/devserver/temporal';
import { createLogger } from '../../src/log';
import { type Simulator, startSimulator } from '../../src/sim';
import { type CatalogEpisode, type CatalogMovie, episodeRatingKey, movieRatingKey } from '../../src/sim/catalog';
import { simulatorSections } from '../../src/sim/config';
import type { Pool } from '../../src/store/db';
import { createSecretBox } from '../../src/store/secret-box';
import { pgTraktTokenStore } from '../../src/store/trakt-tokens';
import type { ScrobbleStatus, ScrobbleWorkflowOptions } from '../../src/workflows/scrobble-api';
import { scrobbleStatusQuery, scrobbleWorkflowId } from '../../src/workflows/scrobble-api';
import { services } from '../support/services';
import { type WorkerContext, withWorker } from '../support/temporal';
import { startTlsFront } from '../support/tls-front';

/** Workflow waits shortened so a retried call after a crash comes back within a test. */
export const testWorkflowOptions: Partial<ScrobbleWorkflowOptions> = { callTimeoutMs: 4_000 };

export interface ScrobbleRig {
  sim: Simulator;
  config: Config;
  secret: string;
  bridge: RunningBridge;
  /** Starts a new bridge on the same port (after `bridge.close()`), with an edited config if given. */
  restartBridge(config?: Config): Promise<RunningBridge>;
  webhookUrl: string;
  close(): Promise<void>;
}

export interface RigOptions {
  db: Pool;
  taskQueue: string;
  watch?: boolean;
  webhook?: boolean;
  scrobble?: NonNullable<ConfigInput['scrobble']>;
  bridge?: Partial<NonNullable<ConfigInput['bridge']>>;
  workflowOptions?: Partial<ScrobbleWorkflowOptions>;
  /** Serve the PMS as https with a self-signed certificate; `accept` sets plex.allow_self_signed_tls. */
  pmsTls?: { accept: boolean };
}

/** Simulator + Trakt tokens in PostgreSQL + a config pointing at both + a bridge stamping events with simulated time. */
export async function startRig(options: RigOptions): Promise<ScrobbleRig> {
  const port = await freePort();
  const secret = `hook-${randomUUID()}`;
  const webhookUrl = `http://127.0.0.1:${port}/webhook/plex?token=${secret}`;
  // A seed of its own gives the simulated PMS a machineIdentifier of its own, so rigs never share `scrobble/<uuid>`.
  const seed = 1 + Math.floor(Math.random() * 1_000_000);
  const sim = await startSimulator({ size: 'tiny', seed, webhookUrls: options.webhook ? [webhookUrl] : [], enforceTraktRateLimits: false });
  const account = `scrobble-${randomUUID()}`;
  const { temporalAddress, databaseUrl } = services();
  const tls = options.pmsTls && (await startTlsFront(sim.urls.pms));
  const sections = simulatorSections(sim, account);
  const config = parseConfig({
    temporal: { address: temporalAddress, task_queue: options.taskQueue },
    database: { url: databaseUrl },
    log: { level: 'warn' },
    bridge: {
      host: '127.0.0.1',
      port,
      watch: { enabled: options.watch ?? false, reconnect_backoff_min_seconds: 0.2, reconnect_backoff_max_seconds: 1 },
      webhook: { enabled: options.webhook ?? false },
      webhook_secret: secret,
      ...options.bridge,
    },
    plex: { ...sections.plex, ...(tls ? { pms_url: tls.url, allow_self_signed_tls: options.pmsTls?.accept } : {}) },
    // Scrobble calls are not paced here: the benchmark and the tests measure the pipeline, not Trakt's limit.
    trakt: { ...sections.trakt, min_write_interval_ms: 0 },
    scrobble: { enabled: true, ...options.scrobble },
    secrets: sections.secrets,
  });
  await pgTraktTokenStore(options.db, createSecretBox(config.secrets)).save(account, {
    accessToken: sim.tokens.traktAccess,
    refreshToken: sim.tokens.traktRefresh,
    expiresAt: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(),
  });
  const log = createLogger({ level: 'silent' });
  const launch = (bridgeConfig: Config) =>
    startBridge({
      config: bridgeConfig,
      log,
      clock: () => sim.player.now(),
      workflowOptions: options.workflowOptions ?? testWorkflowOptions,
    });
  const rig: ScrobbleRig = {
    sim,
    config,
    secret,
    webhookUrl,
    bridge: await launch(config),
    async restartBridge(edited = config) {
      rig.bridge = await launch(edited);
      return rig.bridge;
    },
    async close() {
      await rig.bridge.close();
      await tls?.close();
      await sim.close();
    },
  };
  return rig;
}

export function rigActivities(rig: ScrobbleRig, db: Pool) {
  return createActivities({ db, clients: createClients(rig.config, db) });
}

/** A rig on a task queue of its own, with a worker polling it, for the duration of `fn`. */
export async function withRig(
  db: Pool,
  options: Omit<RigOptions, 'db' | 'taskQueue'>,
  fn: (rig: ScrobbleRig, ctx: WorkerContext) => Promise<void>,
): Promise<void> {
  const taskQueue = `scrobble-${randomUUID()}`;
  const rig = await startRig({ db, taskQueue, ...options });
  try {
    await withWorker(rigActivities(rig, db), (ctx) => fn(rig, ctx), { taskQueue });
  } finally {
    await rig.close();
  }
}

/** A movie Trakt knows, with modern GUIDs, shortest first (fewer frames to play through). */
export function pickMovie(sim: Simulator, index = 0): { movie: CatalogMovie; ratingKey: string } {
  const movies = sim.catalog.movies.filter((m) => m.guidStyle === 'modern' && m.traktKnown).sort((a, b) => a.durationMs - b.durationMs);
  const movie = movies[index]!;
  return { movie, ratingKey: movieRatingKey(movie) };
}

/** An episode of a modern, Trakt-known show numbered the same on both sides. */
export function pickEpisode(sim: Simulator, index = 0): { episode: CatalogEpisode; ratingKey: string } {
  const shows = new Set(sim.catalog.shows.filter((s) => s.guidStyle === 'modern' && s.traktKnown && !s.orderDiffers).map((s) => s.key));
  const episodes = sim.catalog.episodes.filter((e) => shows.has(e.showKey) && e.season > 0).sort((a, b) => a.durationMs - b.durationMs);
  const episode = episodes[index]!;
  return { episode, ratingKey: episodeRatingKey(episode) };
}

/** Plays `ms` of simulated time in steps, letting each frame reach the bridge before the next. */
export async function play(sim: Simulator, ms: number, stepMs = 10_000): Promise<void> {
  for (let done = 0; done < ms; done += stepMs) {
    sim.player.advance(Math.min(stepMs, ms - done));
    await sim.player.flush();
  }
}

export function scrobblesOf(sim: Simulator, catalogKey?: string) {
  return sim.trakt.control.truth(sim.tokens.traktUsername).scrobbles.filter((s) => catalogKey === undefined || s.catalogKey === catalogKey);
}

/** `start`, `pause`, `stop→scrobble` … of one item, as Trakt recorded them (answered 201). */
export function verbsOf(sim: Simulator, catalogKey?: string): string[] {
  return scrobblesOf(sim, catalogKey)
    .filter((s) => s.status === 201)
    .map((s) => (s.endpoint === 'stop' ? `stop:${s.action}` : s.endpoint));
}

type Maybe<T> = T | undefined | false;

export async function eventually<T>(check: () => Maybe<T> | Promise<Maybe<T>>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

export async function workflowStatus(ctx: WorkerContext, serverUuid: string): Promise<ScrobbleStatus> {
  return ctx.client.workflow.getHandle(scrobbleWorkflowId(serverUuid)).query(scrobbleStatusQuery);
}

/** Waits until the workflow has reduced every event the bridge delivered and no session is waiting for a lookup. */
export async function settled(ctx: WorkerContext, rig: ScrobbleRig): Promise<ScrobbleStatus> {
  const uuid = rig.sim.library.machineIdentifier;
  return eventually(async () => {
    await rig.sim.player.flush();
    const status = await workflowStatus(ctx, uuid);
    const pending = rig.bridge.watcher?.status().pendingDeliveries ?? 0;
    return status.eventsPending === 0 && pending === 0 && status.sessions.every((s) => s.phase !== 'enriching') ? status : undefined;
  }, 'the scrobble workflow to settle');
}

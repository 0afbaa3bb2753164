import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { Client as PgClient } from 'pg';
import { createActivities } from '../src/activities';
import { createClients } from '../src/activities/clients';
import { startBridge } from '../src/bridge/bridge';
import { parseConfig } from '../src/config';
import { freePort } from '../src/devserver/temporal';
import { createLogger } from '../src/log';
import { startSimulator } from '../src/sim';
import { movieRatingKey } from '../src/sim/catalog';
import { createPool } from '../src/store/db';
import { migrate } from '../src/store/migrate';
import { pgTraktTokenStore } from '../src/store/trakt-tokens';
import { workflowsPath } from '../src/worker';
import { scrobbleWorkflowId } from '../src/workflows/scrobble-api';
import { requireEnv, startBenchServer } from './support';

const N = Number(process.env.N ?? 40);
async function until(check: () => boolean, timeoutMs = 60_000) {
  const d = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > d) throw new Error('timeout');
    await new Promise((r) => setTimeout(r, 2));
  }
}
async function main() {
  const { cliPath, databaseUrl } = requireEnv();
  Runtime.install({ logger: new DefaultLogger('ERROR'), shutdownSignals: [] });
  const server = await startBenchServer(cliPath);
  console.log('temporal', server.address);
  const name = `watchsync_diag_${process.pid}`;
  const admin = new PgClient({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const u = new URL(databaseUrl);
  u.pathname = `/${name}`;
  const dbUrl = u.toString();
  const db = createPool(dbUrl, 10);
  await migrate(db);
  const sim = await startSimulator({ size: 'tiny', seed: 4242, enforceTraktRateLimits: false });
  await pgTraktTokenStore(db).save('bench', {
    accessToken: sim.tokens.traktAccess,
    refreshToken: sim.tokens.traktRefresh,
    expiresAt: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(),
  });
  const taskQueue = `diag-${randomUUID()}`;
  const config = parseConfig({
    temporal: { address: server.address, task_queue: taskQueue },
    database: { url: dbUrl },
    bridge: { port: await freePort(), watch: { enabled: true } },
    plex: {
      account_token: sim.tokens.plexOwner,
      pms_url: sim.urls.pms,
      plextv_url: sim.urls.plextv,
      discover_url: sim.urls.discover,
      metadata_url: sim.urls.metadata,
    },
    trakt: {
      client_id: sim.tokens.traktClientId,
      client_secret: sim.tokens.traktClientSecret,
      api_url: sim.urls.trakt,
      auth_url: sim.urls.trakt,
      account: 'bench',
      min_write_interval_ms: 0,
    },
    scrobble: { enabled: true },
  });
  const connection = await NativeConnection.connect({ address: server.address });
  const worker = await Worker.create({
    connection,
    taskQueue,
    activities: createActivities({ db, clients: createClients(config, db) }),
    workflowsPath,
    ...JSON.parse(process.env.WOPTS ?? '{}'),
  });
  const bridge = await startBridge({ config, log: createLogger({ level: 'error' }), clock: () => sim.player.now() });
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  const uuid = sim.library.machineIdentifier;
  const scrobbles = () => sim.trakt.control.truth(sim.tokens.traktUsername).scrobbles;
  const movies = sim.catalog.movies.filter((m) => m.guidStyle === 'modern' && m.traktKnown);
  const sends: number[] = [];
  const recv: number[] = [];
  await worker.runUntil(async () => {
    await until(() => bridge.watcher?.status().state === 'connected');
    await new Promise((r) => setTimeout(r, Number(process.env.PRE_SLEEP ?? 0)));
    const single = sim.player.start({ accountId: sim.library.owner.id, ratingKey: movieRatingKey(movies[0]!), playerUuid: 'bench-0' });
    await until(() => scrobbles().length === 1);
    for (let i = 0; i < N; i++) {
      const before = scrobbles().length;
      const sentAt = Date.now();
      if (i % 2 === 0) sim.player.pause(single);
      else sim.player.resume(single);
      await until(() => scrobbles().length > before);
      sends.push(sentAt);
      recv.push(scrobbles()[before]!.at);
    }
  });
  const h = await client.workflow.getHandle(scrobbleWorkflowId(uuid)).fetchHistory();
  const ev = (h.events ?? []).map((e) => ({
    t: Number(e.eventTime!.seconds) * 1000 + Math.floor((e.eventTime!.nanos ?? 0) / 1e6),
    type: String(e.eventType),
    e,
  }));
  const wft: number[] = [];
  const act: number[] = [];
  const tot: number[] = [];
  const sig: number[] = [];
  for (let i = 0; i < N; i++) {
    const s = sends[i]!;
    const end = i + 1 < N ? sends[i + 1]! : Infinity;
    const seq = ev.filter((x) => x.t >= s - 5 && x.t < end);
    const f = (t: number, from = 0) => seq.findIndex((x, k) => k >= from && Number(x.type) === t);
    const sg = f(26);
    const ws = f(5);
    const wst = f(6, ws);
    const as = f(10);
    const ast = f(11, as);
    if (sg >= 0) sig.push(seq[sg]!.t - s);
    if (ws >= 0 && wst >= 0) wft.push(seq[wst]!.t - seq[ws]!.t);
    if (as >= 0 && ast >= 0) act.push(seq[ast]!.t - seq[as]!.t);
    tot.push(recv[i]! - s);
  }
  const q = (a: number[]) => {
    const b = [...a].sort((x, y) => x - y);
    return `p10 ${b[Math.floor(b.length * 0.1)]} p50 ${b[Math.floor(b.length / 2)]} p90 ${b[Math.floor(b.length * 0.9)]}`;
  };
  console.log('signal', q(sig));
  console.log('wft sched->start', q(wft));
  console.log('act sched->start', q(act));
  console.log('total', q(tot));
  console.log('series', tot.join(' '));
  await bridge.close();
  await sim.close();
  await db.end();
  await admin.query(`drop database ${name} with (force)`);
  await admin.end();
  await server.stop();
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});

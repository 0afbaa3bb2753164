import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim';
import { createPool, type Pool } from '../../src/store/db';
import { services } from '../support/services';
import { startWorkerProcess, type WorkerProcess, writeTestConfig } from '../support/worker-process';
import { countRows, libraryConfig, sectionOf, simCounts, simServer, startImport, startLibrarySim } from './harness';

describe('a worker killed in the middle of a section listing', () => {
  let sim: Simulator;
  let db: Pool;
  let connection: Connection;
  const workers: WorkerProcess[] = [];
  beforeAll(async () => {
    sim = await startLibrarySim(51, { movies: 10, shows: 6, episodes: 300, plays: 0, ratings: 0, watchlist: 0, users: 1 });
    db = createPool(services().databaseUrl, 2);
    connection = await Connection.connect({ address: services().temporalAddress });
  });
  afterAll(async () => {
    for (const worker of workers) await worker.kill();
    await connection?.close();
    await db?.end();
    await sim?.close();
  });

  it('resumes at the last heartbeated page, not at zero, and leaves no duplicate rows', async () => {
    const server = simServer(sim);
    const base = libraryConfig([server]);
    const taskQueue = `library-crash-${server.id}`;
    const configPath = writeTestConfig({ ...base, temporal: { ...base.temporal, task_queue: taskQueue } });
    // Slow pages, so the kill lands in the middle of the episode listing (one activity call for all of it).
    sim.pms.faults.set('GET /library/sections/:sectionId/all', { latencyMs: 300 });
    workers.push(await startWorkerProcess(configPath));
    const client = new Client({ connection });
    const handle = await startImport(client, taskQueue, server.id, { pageSize: 20, pagesPerCall: 100, heartbeatTimeoutMs: 3_000 });
    const episodePages = () => sim.pms.listings.requests.filter((r) => r.type === '4');
    const deadline = Date.now() + 30_000;
    while (episodePages().length < 12 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await workers[0]!.kill();
    // A page the dead worker asked for just before the kill is logged once its 300 ms latency has passed: let it land
    // among the pages before the kill, not among the retry's.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const before = episodePages().length;
    const written = await countRows(db, 'episodes', server.id);
    expect(written).toBeGreaterThanOrEqual(80);

    sim.pms.faults.clear();
    workers.push(await startWorkerProcess(configPath));
    const result = await handle.result();

    // The retried activity started where its last recorded heartbeat said (Temporal records one per 0.8 × the heartbeat
    // timeout): a page boundary of what was written before the kill, not zero, and no earlier page was read again.
    const after = episodePages().slice(before);
    const resumedAt = after[0]!.start;
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt % 20).toBe(0);
    expect(resumedAt).toBeLessThanOrEqual(written);
    expect(after.every((page) => page.start >= resumedAt)).toBe(true);
    const truth = simCounts(sim);
    expect(await countRows(db, 'episodes', server.id)).toBe(truth.episodes);
    const { rows } = await db.query(
      'select count(*) as n, count(distinct part_id) as parts from library.media_files where server_id = $1',
      [server.id],
    );
    expect(rows[0]).toEqual({ n: String(truth.movies + truth.episodes), parts: String(truth.movies + truth.episodes) });
    // Every item counted once: pages written after the last recorded heartbeat are found again, unchanged.
    const shows = sectionOf(result, 'TV Shows');
    expect(shows).toMatchObject({ status: 'imported', updated: 0, missing: 0 });
    expect(shows.added + shows.unchanged).toBe(truth.shows + truth.episodes);
  }, 120_000);
});

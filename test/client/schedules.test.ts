import { randomUUID } from 'node:crypto';
import { Client, Connection, ScheduleNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli';
import { services } from '../support/services';
import { writeTestConfig } from '../support/worker-process';

describe('schedule commands of pairs and library servers (one builder)', () => {
  const suffix = randomUUID().slice(0, 8);
  const server = `nas-${suffix}`;
  const pair = `sched-${suffix}`;
  const taskQueue = `schedules-${suffix}`;
  let config: string;
  let client: Client;

  beforeAll(async () => {
    config = writeTestConfig({
      temporal: { task_queue: taskQueue },
      library: { servers: [{ id: server, url: 'http://127.0.0.1:32400', token: 'library-token' }] },
      pairs: [{ id: pair, source: 'plex', target: 'trakt', features: { history: {} } }],
    });
    client = new Client({ connection: await Connection.connect({ address: services().temporalAddress }) });
  });
  afterAll(async () => {
    for (const id of [`library-import/${server}`, `pair-sync/${pair}`])
      await client.schedule
        .getHandle(id)
        .delete()
        .catch(() => undefined);
    await client?.connection.close();
  });

  it('library schedule: set, change, pause, list in human durations, delete; an unknown server changes nothing', async () => {
    const unknown = await cli(config, 'library', 'schedule', 'set', 'nope', '--every', '6h');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/nope.*add it to library\.servers/);
    await expect(client.schedule.getHandle('library-import/nope').describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);

    expect((await cli(config, 'library', 'schedule', 'set', server, '--every', '6h')).stdout).toBe(`${server} is imported every 6h\n`);
    expect((await cli(config, 'library', 'schedule', 'set', server, '--every', '90m')).stdout).toBe(
      `import schedule of ${server} now every 90m\n`,
    );
    const described = await client.schedule.getHandle(`library-import/${server}`).describe();
    expect(described.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'libraryImport',
      workflowId: `library-import/${server}`,
      taskQueue,
      args: [{ serverId: server }],
    });
    expect(described.spec.intervals).toMatchObject([{ every: 90 * 60_000 }]);

    expect((await cli(config, 'library', 'schedule', 'pause', server)).stdout).toBe(`import schedule of ${server} paused\n`);
    const listed = (await cli(config, 'library', 'schedule', 'list')).stdout;
    expect(listed).toMatch(new RegExp(`^${server}\\s+every 1h 30m\\s+paused$`, 'm'));
    // Pair schedules are not library schedules.
    expect(listed).not.toMatch(/^pair-sync|^sched-/m);

    expect((await cli(config, 'library', 'schedule', 'delete', server)).stdout).toBe(`import schedule of ${server} deleted\n`);
    await expect(client.schedule.getHandle(`library-import/${server}`).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
  }, 180_000);

  it('pair schedule: set lists with the next run, and the library server is not among pairs', async () => {
    expect((await cli(config, 'schedule', 'set', pair, '--every', '6h')).stdout).toBe(`${pair} syncs every 6h\n`);
    const listed = (await cli(config, 'schedule', 'list')).stdout;
    // Interval schedules run on multiples of the interval since the epoch: the next run is within 6 h.
    const line = new RegExp(`^${pair}\\s+every 6h\\s+next (\\S+) \\(in \\d+[hms]( \\d+[ms])?\\)$`, 'm').exec(listed);
    expect(line, listed).not.toBeNull();
    expect(Date.parse(line![1]!) - Date.now()).toBeGreaterThan(0);
    expect(Date.parse(line![1]!) - Date.now()).toBeLessThanOrEqual(6 * 3_600_000);
    expect(listed).not.toContain(server);
    expect((await cli(config, 'schedule', 'delete', pair)).stdout).toBe(`schedule of ${pair} deleted\n`);
  }, 120_000);
});

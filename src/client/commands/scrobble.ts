import type { Client } from '@temporalio/client';
import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { type ScrobbleStatus, scrobbleStatusQuery, scrobbleWorkflowId, scrobbleWorkflowType } from '../../workflows/scrobble-api';
import { connectClient, workflowUrl } from '../temporal';

/** The scrobble workflows the worker of this config runs (its task queue), one per Plex server. */
async function runningServers(client: Client, taskQueue: string): Promise<string[]> {
  const ids: string[] = [];
  const query = `WorkflowType = '${scrobbleWorkflowType}' AND ExecutionStatus = 'Running' AND TaskQueue = '${taskQueue}'`;
  for await (const execution of client.workflow.list({ query })) ids.push(execution.workflowId.replace(/^scrobble\//, ''));
  return ids.sort();
}

function describe(status: ScrobbleStatus, url: string): string {
  const lines = [
    `server ${status.serverUuid}  run ${status.run}  events ${status.eventsReceived} (${status.eventsPending} pending, ${status.eventsRejected} rejected)`,
    `  ${url}`,
  ];
  lines.push(status.sessions.length === 0 ? '  no live sessions' : '  sessions:');
  for (const s of status.sessions) {
    const what = s.title ?? `ratingKey ${s.ratingKey}`;
    const where = s.state === undefined ? s.phase : `${s.state} ${s.progress?.toFixed(1)}%`;
    const last = s.lastAction ? `  last ${s.lastAction.verb} @ ${s.lastAction.progress}%` : '';
    const why = s.ignoredBecause ? `  ignored: ${s.ignoredBecause}` : '';
    lines.push(`    ${s.sessionKey}  ${s.user ?? '?'}  ${what}  ${where}${last}${why}`);
  }
  if (status.recent.length > 0) lines.push('  last Trakt calls:');
  for (const a of status.recent) {
    lines.push(
      `    ${new Date(a.at).toISOString()}  ${a.verb} ${a.progress}%  ${a.title ?? a.sessionKey}  → ${a.result}${a.error ? ` (${a.error})` : ''}`,
    );
  }
  return lines.join('\n');
}

export function registerScrobbleCommands(program: Command): void {
  const scrobble = program.command('scrobble').description('live scrobbling (Plex → Trakt)');
  scrobble
    .command('status')
    .description('live sessions and the last Trakt calls of each Plex server’s scrobble workflow')
    .option('--server <uuid>', 'one Plex server (machineIdentifier); default: every running scrobble workflow')
    .option('--json', 'print the raw status')
    .action(async (options: { server?: string; json?: boolean }) => {
      const config = loadConfig();
      const client = await connectClient(config);
      try {
        const servers = options.server ? [options.server] : await runningServers(client, config.temporal.task_queue);
        const statuses = await Promise.all(
          servers.map((uuid) => client.workflow.getHandle(scrobbleWorkflowId(uuid)).query(scrobbleStatusQuery)),
        );
        if (options.json) {
          process.stdout.write(`${JSON.stringify(statuses, null, 2)}\n`);
          return;
        }
        if (statuses.length === 0) {
          process.stdout.write('no scrobble workflow is running (enable scrobble and bridge.watch or bridge.webhook)\n');
          return;
        }
        process.stdout.write(`${statuses.map((s) => describe(s, workflowUrl(config, scrobbleWorkflowId(s.serverUuid)))).join('\n\n')}\n`);
      } finally {
        await client.connection.close();
      }
    });
}

import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { type ScrobbleStatus, scrobbleWorkflowId } from '../../workflows/scrobble-api';
import { queryScrobbleServer, runningScrobbleServers, type ScrobbleServer, serverLabel } from '../scrobble-status';
import { connectClient, workflowUrl } from '../temporal';

function describe(server: ScrobbleServer, status: ScrobbleStatus, url: string): string {
  const lines = [
    `server ${serverLabel(server)}  run ${status.run}  events ${status.eventsReceived} (${status.eventsPending} pending, ${status.eventsRejected} rejected)`,
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
    .option('--watch [seconds]', 'refresh until Ctrl-C (every 2 s by default)')
    .action(async (options: { server?: string; json?: boolean; watch?: boolean | string }) => {
      const config = loadConfig();
      const client = await connectClient(config);
      const render = async () => {
        const servers = options.server
          ? [{ serverUuid: options.server }]
          : await runningScrobbleServers(client, config.temporal.task_queue);
        const answers = await Promise.all(servers.map((server) => queryScrobbleServer(client, server)));
        // A server whose workflow does not answer is listed with the reason among the others; the exit code says so.
        if (answers.some((answer) => 'error' in answer)) process.exitCode = 1;
        if (options.json)
          return `${JSON.stringify(
            answers.map((a) => ('status' in a ? a.status : a)),
            null,
            2,
          )}\n`;
        if (answers.length === 0) return 'no scrobble workflow is running (enable scrobble and bridge.watch or bridge.webhook)\n';
        const text = answers.map((answer) => {
          const url = workflowUrl(config, scrobbleWorkflowId(answer.serverUuid));
          return 'status' in answer
            ? describe(answer, answer.status, url)
            : `server ${serverLabel(answer)}  status query failed: ${answer.error}\n  ${url}`;
        });
        return `${text.join('\n\n')}\n`;
      };
      try {
        if (options.watch === undefined) {
          process.stdout.write(await render());
          return;
        }
        const everyMs = (options.watch === true ? 2 : Number(options.watch)) * 1000;
        if (!(everyMs > 0)) throw new Error(`--watch takes seconds, e.g. --watch 5 (got "${options.watch}")`);
        await watch(render, everyMs);
      } finally {
        await client.connection.close();
      }
    });
}

/** Redraws `render`'s text every `everyMs` (in place on a terminal, appended otherwise) until SIGINT/SIGTERM. */
async function watch(render: () => Promise<string>, everyMs: number): Promise<void> {
  let stopped = false;
  let wake: () => void = () => undefined;
  const stop = () => {
    stopped = true;
    wake();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    while (!stopped) {
      const text = await render().catch(
        (error: unknown) => `status not available: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      const clear = process.stdout.isTTY ? '\x1b[2J\x1b[H' : '';
      process.stdout.write(`${clear}${new Date().toISOString()}  (every ${everyMs / 1000} s, Ctrl-C stops)\n${text}`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, everyMs);
      });
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

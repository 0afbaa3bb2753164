import type { Command } from 'commander';
import { createClients } from '../../activities/clients';
import { loadConfig } from '../../config';
import { createPool } from '../../store/db';

type Check = { status: 'ok' | 'error' | 'not configured'; detail?: string };

async function check(run: () => Promise<string | undefined>): Promise<Check> {
  try {
    return { status: 'ok', detail: await run() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { status: / is not configured$/.test(message) ? 'not configured' : 'error', detail: message };
  }
}

export function registerHealthCommand(program: Command): void {
  program
    .command('health')
    .description('probe Plex (PMS, Discover) and Trakt with the configured accounts; readiness per feature')
    .option('--json', 'print the raw result')
    .action(async (options: { json?: boolean }) => {
      const config = loadConfig();
      const db = createPool(config.database.url, 2);
      try {
        const clients = createClients(config, db);
        const [plex, trakt] = await Promise.all([
          check(async () => {
            const plex = await clients.plex();
            const { features } = await plex.health();
            const notReady = Object.entries(features).filter(([, f]) => f.status !== 'ready');
            if (notReady.length > 0)
              throw new Error(notReady.map(([name, f]) => `${name}: ${'reason' in f ? f.reason : f.status}`).join('; '));
            // Whose data: the token's holder, or the Plex Home member pairs sync as.
            return `history, ratings and watchlist ready for "${(await plex.identity()).title}"`;
          }),
          check(async () => {
            const settings = await clients.trakt().settings();
            return `logged in as ${settings.username}${settings.vip ? ' (VIP)' : ''}`;
          }),
        ]);
        const report = { plex, trakt };
        if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else
          for (const [name, c] of Object.entries(report))
            process.stdout.write(`${name.padEnd(6)} ${c.status}${c.detail ? `: ${c.detail}` : ''}\n`);
        if (plex.status === 'error' || trakt.status === 'error') process.exitCode = 1;
      } finally {
        await db.end();
      }
    });
}

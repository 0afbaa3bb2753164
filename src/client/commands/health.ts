import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { createPool } from '../../store/db';
import { healthReport } from '../health-checks';

export function registerHealthCommand(program: Command): void {
  program
    .command('health')
    .description('check PostgreSQL, Temporal and its worker, then Plex (PMS, Discover) and Trakt with the configured accounts')
    .option('--json', 'print the raw result')
    .action(async (options: { json?: boolean }) => {
      const config = loadConfig();
      const db = createPool(config.database.url, 2);
      try {
        const report = await healthReport(config, db);
        if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else
          for (const [name, c] of Object.entries(report))
            process.stdout.write(`${name.padEnd(8)} ${c.status}${c.detail ? `: ${c.detail}` : ''}\n`);
        if (Object.values(report).some((c) => c.status === 'error')) process.exitCode = 1;
      } finally {
        await db.end();
      }
    });
}

import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { type SimSizeName, simSizes, startSimulator } from '../../sim';
import { simulatorSections } from '../../sim/config';

export function registerSimCommand(program: Command): void {
  program
    .command('sim')
    .description('run the Plex and Trakt simulator standalone, seeded, and print its base URLs and tokens')
    .option('--size <size>', `library size: ${Object.keys(simSizes).join(', ')}`, 'demo')
    .option('--seed <n>', 'seed of the generated library', '1')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <n>', 'PMS on this port, plex.tv, Discover and Trakt on the next three (default: config sim.port; 0 = free ports)')
    .option('--no-rate-limits', "don't enforce Trakt's rate limits")
    .action(async (options: { size: string; seed: string; host: string; port?: string; rateLimits: boolean }) => {
      if (!(options.size in simSizes)) throw new Error(`--size must be one of ${Object.keys(simSizes).join(', ')}`);
      const sim = await startSimulator({
        size: options.size as SimSizeName,
        seed: Number(options.seed),
        host: options.host,
        firstPort: options.port === undefined ? loadConfig().sim.port : Number(options.port),
        enforceTraktRateLimits: options.rateLimits,
      });
      // Simulator tokens are fake and local: printing them is how a user points watchsync at it.
      process.stdout.write(
        `${JSON.stringify(
          {
            urls: sim.urls,
            tokens: sim.tokens,
            config: simulatorSections(sim, 'default'),
            // Each service's request counters and fault state: a page that answers, to start from.
            admin: Object.fromEntries(Object.entries(sim.urls).map(([name, url]) => [name, `${url}/__admin/counters`])),
            // `watchsync auth trakt` against the simulator prints a user code; this approves it, as trakt.tv/activate would.
            approveTraktDeviceLogin: `curl -X POST '${sim.urls.trakt}/__admin/device/<user code>/approve?username=${sim.tokens.traktUsername}'`,
          },
          null,
          2,
        )}\n`,
      );
      process.stderr.write('simulator running; Ctrl-C stops it\n');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await sim.close();
    });
}

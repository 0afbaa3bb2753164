import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { ConfigError, configPath, loadConfig, redactSecrets } from '../../config';

export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('inspect the configuration');
  config
    .command('check')
    .description('validate the config file and print the effective config, secrets redacted')
    .action(() => {
      try {
        const effective = loadConfig();
        process.stdout.write(`${JSON.stringify(redactSecrets(effective), null, 2)}\n`);
        const path = configPath();
        process.stderr.write(`config OK (${existsSync(path) ? path : `no ${path}: defaults and environment`})\n`);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        process.stderr.write(`${error.message}\n`);
        process.exitCode = 2;
      }
    });
}

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { createClients } from '../../activities/clients';
import { configPath, loadConfig } from '../../config';
import { pollPinLogin, startPinLogin } from '../../providers/plex/pin-login';
import { createPool } from '../../store/db';
import { migrate } from '../../store/migrate';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Puts the Plex token into the config file (readable by its owner only); never prints it. */
function savePlexToken(token: string): string {
  const path = configPath();
  const config = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
  config.plex = { ...config.plex, account_token: token };
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  return path;
}

export function registerAuthCommands(program: Command): void {
  const auth = program.command('auth').description('log in to Plex or Trakt');

  auth
    .command('trakt')
    .description('Trakt device login; tokens are stored in PostgreSQL (refreshed before they expire)')
    .action(async () => {
      const config = loadConfig();
      const db = createPool(config.database.url, 2);
      try {
        await migrate(db);
        const trakt = createClients(config, db).trakt();
        const login = await trakt.startDeviceLogin();
        process.stdout.write(`Open ${login.verificationUrl} and enter the code ${login.userCode}\n`);
        const deadline = Date.now() + login.expiresInS * 1000;
        let interval = login.intervalS * 1000;
        while (Date.now() < deadline) {
          await sleep(interval);
          const result = await trakt.pollDeviceLogin(login.deviceCode);
          if (result === 'slow_down') interval += 1000;
          else if (result !== 'pending') {
            process.stdout.write(`Trakt account "${config.trakt.account}" linked.\n`);
            return;
          }
        }
        throw new Error('the code expired before it was entered; run `watchsync auth trakt` again');
      } finally {
        await db.end();
      }
    });

  auth
    .command('plex')
    .description('Plex PIN login; the account token is saved into the config file')
    .action(async () => {
      const config = loadConfig();
      const login = await startPinLogin(config.plex.plextv_url, config.plex.client_identifier);
      process.stdout.write(`Open ${login.authUrl}\n(or plex.tv/link with the code ${login.code})\n`);
      const deadline = Date.now() + login.expiresInS * 1000;
      while (Date.now() < deadline) {
        await sleep(2_000);
        const token = await pollPinLogin(config.plex.plextv_url, config.plex.client_identifier, login.id);
        if (token) {
          process.stdout.write(`Plex account linked; token saved to ${savePlexToken(token)}.\n`);
          return;
        }
      }
      throw new Error('the PIN expired before it was linked; run `watchsync auth plex` again');
    });
}

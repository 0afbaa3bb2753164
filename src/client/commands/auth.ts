import type { Command } from 'commander';
import { createClients } from '../../activities/clients';
import { type Config, loadConfig, plexHosts } from '../../config';
import { saveConfigKeys } from '../../config/save';
import { createHomeUserClient, createPlexClient, type PlexClientOptions, pmsTlsAgent } from '../../providers/plex';
import { pollPinLogin, startPinLogin } from '../../providers/plex/pin-login';
import { createPool } from '../../store/db';
import { migrate } from '../../store/migrate';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Puts Plex settings (tokens, PINs) where the config is read from (src/config/save.ts); never prints them. */
function savePlexSettings(settings: Partial<Record<'account_token' | 'home_user' | 'home_user_pin', string>>): string {
  return saveConfigKeys('plex', settings);
}

/** The Home admin's view: plex.tv and Discover with the configured account token. */
function homeAdminOptions(config: Config): PlexClientOptions {
  if (!config.plex.account_token) {
    throw new Error('plex.account_token is not configured: run `watchsync auth plex` as the Plex Home admin first');
  }
  return {
    ...plexHosts(config),
    accountToken: config.plex.account_token,
    pmsDispatcher: pmsTlsAgent(config.plex.allow_self_signed_tls),
  };
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
          process.stdout.write(`Plex account linked; token saved to ${savePlexSettings({ account_token: token })}.\n`);
          return;
        }
      }
      throw new Error('the PIN expired before it was linked; run `watchsync auth plex` again');
    });

  auth
    .command('plex-home [member]')
    .description('list your Plex Home, or sync as one of its members (saved as plex.home_user after a test switch)')
    .option('--pin <pin>', 'PIN of a protected profile (saved as plex.home_user_pin)')
    .action(async (member: string | undefined, options: { pin?: string }) => {
      const admin = homeAdminOptions(loadConfig());
      if (!member) {
        for (const user of await createPlexClient(admin).homeUsers()) {
          const kind = [user.admin ? 'admin' : user.username === null ? 'managed' : 'plex.tv account', user.protected ? 'PIN' : '']
            .filter(Boolean)
            .join(', ');
          process.stdout.write(`${user.title}\t${kind}\t${user.uuid}\n`);
        }
        return;
      }
      const identity = await (await createHomeUserClient(admin, { user: member, pin: options.pin })).identity();
      const path = savePlexSettings({ home_user: identity.uuid, home_user_pin: options.pin });
      process.stdout.write(
        `Pairs now sync as the Plex Home member "${identity.title}"; saved to ${path}.\n` +
          'A pair that synced another account refuses to run until `watchsync forget <pair>`.\n',
      );
    });
}

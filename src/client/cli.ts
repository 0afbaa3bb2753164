#!/usr/bin/env node
import { Command } from 'commander';
import { registerAuthCommands } from './commands/auth';
import { registerConfigCommands } from './commands/config';
import { registerDoctorCommand } from './commands/doctor';
import { registerHealthCommand } from './commands/health';
import { registerLibraryCommands } from './commands/library';
import { registerScheduleCommands } from './commands/schedule';
import { registerScrobbleCommands } from './commands/scrobble';
import { registerSecretsCommands } from './commands/secrets';
import { registerSimCommand } from './commands/sim';
import { registerStashCommands } from './commands/stash';
import { registerStashGapCommands } from './commands/stash-gaps';
import { registerStateCommands } from './commands/state';
import { registerSyncCommands } from './commands/sync';
import { registerUpCommand } from './commands/up';

const program = new Command()
  .name('watchsync')
  .description('Durable Plex ⇄ Trakt sync, live scrobbling and Plex library import on Temporal')
  .showHelpAfterError();

registerUpCommand(program);
registerConfigCommands(program);
registerDoctorCommand(program);
registerHealthCommand(program);
registerScrobbleCommands(program);
registerSyncCommands(program);
registerScheduleCommands(program);
registerLibraryCommands(program);
registerStateCommands(program);
registerAuthCommands(program);
registerSecretsCommands(program);
registerSimCommand(program);
registerStashCommands(program);
registerStashGapCommands(program);

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

#!/usr/bin/env node
import { Command } from 'commander';
import { registerConfigCommands } from './commands/config';
import { registerDoctorCommand } from './commands/doctor';
import { registerUpCommand } from './commands/up';

const program = new Command()
  .name('watchsync')
  .description('Durable Plex ⇄ Trakt sync, live scrobbling and Plex library import on Temporal')
  .showHelpAfterError();

registerUpCommand(program);
registerConfigCommands(program);
registerDoctorCommand(program);

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

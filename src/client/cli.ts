#!/usr/bin/env node
import { Command } from 'commander';
import { loadConfig } from '../config';
import { registerAuthCommands } from './commands/auth';
import { registerConfigCommands } from './commands/config';
import { registerDoctorCommand } from './commands/doctor';
import { registerHealthCommand } from './commands/health';
import { registerInspectCommand } from './commands/inspect';
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
import { UnknownPairError } from './pairs';
import { connectClient } from './temporal';
import { pairElsewhereHint } from './workers';

const program = new Command()
  .name('watchsync')
  .description('Durable Plex ⇄ Trakt sync, live scrobbling, Plex library import and Stash → Plex metadata on Temporal')
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
registerInspectCommand(program);
registerAuthCommands(program);
registerSecretsCommands(program);
registerSimCommand(program);
registerStashCommands(program);
registerStashGapCommands(program);

/** For a pair the CLI's config lacks: whether the running worker reads another config that has it. */
async function hintFor(error: unknown): Promise<string | undefined> {
  if (!(error instanceof UnknownPairError)) return undefined;
  const config = loadConfig();
  const client = await connectClient(config).catch(() => undefined);
  if (!client) return undefined;
  try {
    return await pairElsewhereHint(client, config, error.pairId);
  } catch {
    return undefined; // The hint is a courtesy; the error itself stands.
  } finally {
    await client.connection.close();
  }
}

program.parseAsync().catch(async (error: unknown) => {
  const hint = await hintFor(error);
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${hint ? `${hint}\n` : ''}`);
  process.exit(1);
});

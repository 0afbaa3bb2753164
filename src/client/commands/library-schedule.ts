import type { Command } from 'commander';
import type { Config } from '../../config';
import { libraryImportWorkflowId } from '../../workflows/library-import';
import { addScheduleCommands } from '../schedule-commands';

const prefix = 'library-import/';

/**
 * `watchsync library schedule …`: Temporal Schedules of library imports. A scheduled run's ID gets Temporal's
 * timestamp appended; the workflow runs itself under `library-import/<server>` (or skips while one runs), so a
 * scheduled and a CLI import of one server never overlap.
 */
export function registerLibraryScheduleCommands(library: Command, requireServer: (config: Config, serverId: string) => void): void {
  const schedule = library.command('schedule').description('import a server periodically (Temporal Schedules)');
  addScheduleCommands(schedule, {
    argument: 'server',
    scheduleId: (server) => `${prefix}${server}`,
    targetOf: (scheduleId) => (scheduleId.startsWith(prefix) ? scheduleId.slice(prefix.length) : undefined),
    requireTarget: requireServer,
    workflow: (_config, server) => ({
      workflowType: 'libraryImport',
      workflowId: libraryImportWorkflowId(server),
      args: [{ serverId: server }],
    }),
    subject: (server) => `import schedule of ${server}`,
    created: (server, every) => `${server} is imported every ${every}`,
    listDescription: 'list library import schedules',
    none: 'no library import schedules (create one with `watchsync library schedule set <server> --every 6h`)',
  });
}

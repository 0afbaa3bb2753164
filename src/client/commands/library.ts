import { WorkflowIdConflictPolicy } from '@temporalio/client';
import type { Command } from 'commander';
import { findServer, libraryServers, pathRulesOf } from '../../activities/library/servers';
import { type Config, loadConfig } from '../../config';
import { plexToLocal } from '../../domain/path-mapping';
import { reachableServers } from '../../providers/plex/library/discover';
import { createPool, type Pool } from '../../store/db';
import { libraryStats, searchLibrary, unmappedFiles } from '../../store/library-queries';
import { type LibraryImportInput, libraryApproveUpdate, type libraryImport, libraryImportWorkflowId } from '../../workflows/library-import';
import { followLibraryImport, formatLibraryImportResult } from '../library-progress';
import { connectClient, workflowUrl } from '../temporal';
import { registerLibraryScheduleCommands } from './library-schedule';

function configuredServer(serverId: string): Config {
  const config = loadConfig();
  findServerOrExplain(config, serverId);
  return config;
}

function findServerOrExplain(config: Config, serverId: string) {
  try {
    return findServer(config, serverId);
  } catch (error) {
    throw new Error(
      `${(error as Error).message}: add it to library.servers in the config (\`watchsync library servers discover\` lists yours)`,
    );
  }
}

async function withDb<T>(work: (db: Pool, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = createPool(config.database.url, 2);
  try {
    return await work(db, config);
  } finally {
    await db.end();
  }
}

function positiveInteger(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number, got "${value}"`);
    return n;
  };
}

async function startImport(serverId: string, input: Omit<LibraryImportInput, 'serverId'>, follow: boolean): Promise<void> {
  const config = configuredServer(serverId);
  const client = await connectClient(config);
  try {
    const workflowId = libraryImportWorkflowId(serverId);
    // One run per server at a time: a second start attaches to the running one.
    const handle = await client.workflow.start<typeof libraryImport>('libraryImport', {
      taskQueue: config.temporal.task_queue,
      workflowId,
      args: [{ serverId, ...input }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      searchAttributes: { WatchsyncKind: ['library-import'] },
    });
    process.stderr.write(`${workflowUrl(config, workflowId, handle.firstExecutionRunId)}\n`);
    if (!follow) return;
    process.stdout.write(`${formatLibraryImportResult(await followLibraryImport(handle))}\n`);
  } finally {
    await client.connection.close();
  }
}

export function registerLibraryCommands(program: Command): void {
  const library = program.command('library').description('Plex libraries imported into PostgreSQL (schema "library")');

  const servers = library
    .command('servers')
    .description('the configured library servers, with a connection test (identity, version, sections and item counts)')
    .action(async () => {
      const config = loadConfig();
      if (config.library.servers.length === 0)
        process.stdout.write('no library.servers configured; `watchsync library servers discover` lists yours\n');
      const server = libraryServers(config);
      for (const entry of config.library.servers) {
        const { reader } = server(entry.id);
        const label = `${entry.id}${entry.name ? ` (${entry.name})` : ''} ${entry.url}${entry.enabled ? '' : ' [disabled]'}`;
        try {
          const identity = await reader.identity();
          process.stdout.write(`${label}: ${identity.machineIdentifier} version ${identity.version}\n`);
          for (const section of await reader.sections()) {
            if (section.type !== 'movie' && section.type !== 'show') continue;
            const kind = section.type === 'movie' ? 'movie' : 'show';
            const { total } = await reader.sectionPage(section.key, kind, { start: 0, size: 0, sort: 'addedAt' });
            const episodes =
              kind === 'show'
                ? `, ${(await reader.sectionPage(section.key, 'episode', { start: 0, size: 0, sort: 'addedAt' })).total} episodes`
                : '';
            const imported = entry.sections.length === 0 || entry.sections.includes(section.key) || entry.sections.includes(section.title);
            process.stdout.write(
              `  ${section.key.padStart(3)} ${section.title.padEnd(24)} ${section.type.padEnd(5)} ${total} ${kind}s${episodes}${imported ? '' : ' (not imported)'}\n`,
            );
          }
        } catch (error) {
          process.stdout.write(`${label}: ${(error as Error).message}\n`);
          process.exitCode = 1;
        }
      }
    });

  servers
    .command('discover')
    .description('the Plex Media Servers your plex.tv account (plex.account_token) can reach, as library.servers entries')
    .option('--show-tokens', 'print each server token (they are secrets: keep them out of logs and tickets)')
    .action(async (options: { showTokens?: boolean }) => {
      const config = loadConfig();
      if (!config.plex.account_token) throw new Error('plex.account_token is not configured: run `watchsync auth plex` first');
      const resources = await reachableServers({
        plextvUrl: config.plex.plextv_url,
        accountToken: config.plex.account_token,
        clientIdentifier: config.plex.client_identifier,
      });
      if (resources.length === 0) process.stdout.write('your account reaches no Plex Media Server\n');
      for (const resource of resources) {
        const connection =
          resource.connections.find((c) => c.local && !c.relay) ?? resource.connections.find((c) => !c.relay) ?? resource.connections[0];
        const entry = {
          id:
            resource.name
              .toLowerCase()
              .replace(/[^a-z0-9_-]+/g, '-')
              .replace(/^-+|-+$/g, '') || resource.clientIdentifier.slice(0, 8),
          name: resource.name,
          url: connection?.uri ?? '',
          token: options.showTokens ? (resource.accessToken ?? '') : '<run with --show-tokens, or paste plex.account_token>',
        };
        process.stdout.write(
          `${resource.name} (${resource.owned ? 'owned' : 'shared'}, ${resource.clientIdentifier})\n${JSON.stringify(entry, null, 2)}\n`,
        );
      }
    });

  library
    .command('import <server>')
    .description('import a server now (workflow library-import/<server>; a second start joins the running one)')
    .option('--section <keyOrTitle...>', 'only these sections')
    .option('--show <title>', 'only this show (its episodes)')
    .option('--year <year>', 'with --show: only the show of this year', positiveInteger('--year'))
    .option('--full', 'list every section in full (otherwise only what changed since the last complete listing)')
    .option('--no-follow', 'start and return; progress is in the web UI')
    .action((server: string, options: { section?: string[]; show?: string; year?: number; full?: boolean; follow: boolean }) => {
      if (options.year !== undefined && options.show === undefined) throw new Error('--year needs --show');
      return startImport(
        server,
        { sections: options.section, full: options.full, show: options.show ? { title: options.show, year: options.year } : undefined },
        options.follow,
      );
    });

  library
    .command('approve <server>')
    .description('mark missing the items the shrink guard held back in the running import of <server>')
    .action(async (server: string) => {
      const config = configuredServer(server);
      const client = await connectClient(config);
      try {
        const approved = await client.workflow.getHandle(libraryImportWorkflowId(server)).executeUpdate(libraryApproveUpdate);
        process.stdout.write(`approved: ${approved.missing} items of ${approved.sections} section listings become missing\n`);
      } finally {
        await client.connection.close();
      }
    });

  library
    .command('search <title>')
    .description('movies and shows whose title contains <title>, across servers, with what tells them apart')
    .option('--year <year>', 'only this year', positiveInteger('--year'))
    .option('--json', 'print JSON')
    .action((title: string, options: { year?: number; json?: boolean }) =>
      withDb(async (db) => {
        const hits = await searchLibrary(db, title, options.year);
        if (options.json) return void process.stdout.write(`${JSON.stringify(hits, null, 2)}\n`);
        if (hits.length === 0)
          return void process.stdout.write(`nothing titled like "${title}"${options.year ? ` from ${options.year}` : ''}\n`);
        for (const hit of hits) {
          const episodes = hit.episodes === null ? '' : ` ${hit.episodes} episodes`;
          const state = hit.state === 'active' ? '' : ` [${hit.state}]`;
          process.stdout.write(
            `${hit.title} (${hit.year ?? '?'}) ${hit.type}${episodes}  ${hit.externalIds.join(' ') || 'no external ids'}  ${hit.serverId}/${hit.section} ratingKey ${hit.ratingKey}${state}\n`,
          );
        }
      }),
    );

  library
    .command('stats')
    .description('items, episodes and files per server and section')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) =>
      withDb(async (db) => {
        const stats = await libraryStats(db);
        if (options.json) return void process.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
        if (stats.length === 0) return void process.stdout.write('nothing imported yet: `watchsync library import <server>`\n');
        for (const s of stats) {
          const episodes = s.type === 'show' ? ` ${s.episodes} episodes` : '';
          process.stdout.write(
            `${s.serverId}/${s.sectionKey} ${s.title.padEnd(24)} ${s.items.active} active${episodes}, ${s.files} files (${s.unmapped} unmapped), ${s.items.missing} missing, ${s.items.deleted} deleted; last full ${s.lastFullImportAt ?? 'never'}\n`,
          );
        }
      }),
    );

  library
    .command('unmapped [server]')
    .description('files no path mapping rule maps (they keep their Plex path)')
    .option('--limit <n>', 'how many to list', positiveInteger('--limit'), 50)
    .action((server: string | undefined, options: { limit: number }) =>
      withDb(async (db, config) => {
        if (server !== undefined) findServerOrExplain(config, server);
        const { total, files } = await unmappedFiles(db, server, options.limit);
        for (const f of files) process.stdout.write(`${f.serverId}/${f.section} ${f.plexPath}\n`);
        process.stdout.write(`${total} unmapped file${total === 1 ? '' : 's'}${total > files.length ? ` (${files.length} listed)` : ''}\n`);
      }),
    );

  library
    .command('map <plexPath>')
    .description('which path mapping rule applies to a Plex path, and the local path it gives')
    .option('--server <id>', 'the server whose rules apply (default: the only one configured)')
    .option('--section <keyOrTitle>', 'the library section, for rules of one library')
    .action((plexPath: string, options: { server?: string; section?: string }) => {
      const config = loadConfig();
      const serverId = options.server ?? (config.library.servers.length === 1 ? config.library.servers[0]!.id : undefined);
      if (serverId === undefined) throw new Error('--server is needed: several (or no) library.servers are configured');
      const rules = pathRulesOf(findServerOrExplain(config, serverId));
      const result = plexToLocal(rules, plexPath, { server: serverId, libraryKey: options.section, libraryTitle: options.section });
      if (result.mapped)
        process.stdout.write(`${result.path}\n  rule ${result.ruleIndex} (library.servers[${serverId}].path_mappings): ${result.label}\n`);
      else {
        process.stdout.write(`${plexPath}\n  unmapped (${result.reason === 'no-rule' ? 'no rule applies' : result.reason})\n`);
        process.exitCode = 3;
      }
    });

  registerLibraryScheduleCommands(library, (config, serverId) => void findServerOrExplain(config, serverId));
}

/** `watchsync stash …`: the Stash → Plex push (DESIGN.md §7): status, push, reconcile, match, thaw, schedule. */
import type { Command } from 'commander';
import { type StashPushClients, stashPushClients } from '../../activities/stash/clients';
import { compileStashRules, matchScene } from '../../activities/stash/match';
import { type Config, loadConfig } from '../../config';
import { HttpError, NetworkError } from '../../providers/http';
import type { stashReconcile } from '../../workflows';
import { type ReconcileScope, stashReconcileWorkflowId, stashReconcileWorkflowType } from '../../workflows/stash-api';
import { applyStashSchedule } from '../stash-schedule';
import { createStashSignaller, stashSceneSettings } from '../stash-signals';
import { stashStatus, thawStashScenes } from '../stash-status';
import { connectClient, workflowUrl } from '../temporal';
import { withDb } from '../with-db';

const scopes: ReconcileScope[] = ['all', '24h', '7d'];

const print = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

/** Stash could not be read for a command: what failed, and the config key that fixes it. */
class StashAccessError extends Error {
  constructor(
    readonly key: 'stash.url' | 'stash.api_key',
    readonly endpoint: string,
    message: string,
  ) {
    super(message);
    this.name = 'StashAccessError';
  }
}

/** A Stash read of the CLI, its refused connection or API key said as what to fix. */
async function fromStash<T>(config: Config, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof NetworkError) {
      const code = (error.cause as { code?: string } | undefined)?.code;
      throw new StashAccessError(
        'stash.url',
        error.endpoint,
        `Stash is not reachable at ${config.stash.url} (${code ?? error.message}): check that Stash runs, or correct stash.url`,
      );
    }
    if (error instanceof HttpError && (error.status === 401 || error.status === 403))
      throw new StashAccessError(
        'stash.api_key',
        error.endpoint,
        `Stash at ${config.stash.url} refused the API key (${error.status}): set stash.api_key to the key in Stash's Settings → Security`,
      );
    throw error;
  }
}

/** The scene from Stash, or an error naming it when Stash has none by that id. */
async function sceneOf(config: Config, clients: StashPushClients, sceneId: string) {
  const scene = await fromStash(config, () => clients.stash.findScene(sceneId));
  if (!scene) throw new Error(`Stash has no scene ${sceneId}`);
  return scene;
}

export function registerStashCommands(program: Command): void {
  const stash = program.command('stash').description('push Stash scene metadata into Plex');

  stash
    .command('status')
    .description('pending and running scene pushes, frozen scenes, the last reconciliation')
    .option('--json', 'print the raw status')
    .action(async (options: { json?: boolean }) => {
      const config = loadConfig();
      const client = await connectClient(config);
      try {
        const { running, frozen, lastReconciliation: last } = await stashStatus(client, config);
        if (options.json) {
          print(JSON.stringify({ running, frozen, lastReconciliation: last }, null, 2));
          return;
        }
        print(running.length === 0 ? 'no scene push pending' : `${running.length} scene push(es) pending or running:`);
        for (const r of running) print(`  scene ${r.scene}  ${r.phase}`);
        print(frozen.length === 0 ? 'no frozen scenes' : `${frozen.length} frozen scene(s) (thaw with \`watchsync stash thaw\`):`);
        for (const f of frozen) print(`  scene ${f.itemKey}  ${f.reason}  attempts ${f.attempts}  last ${f.lastAttemptAt}`);
        print(
          last
            ? `last reconciliation ${last.finishedAt} (scope ${last.scope}): ${last.scenes} scenes, gaps ${Object.entries(last.gaps)
                .map(([k, v]) => `${k} ${v}`)
                .join(', ')}`
            : 'no reconciliation yet',
        );
      } finally {
        await client.connection.close();
      }
    });

  stash
    .command('push [sceneId]')
    .description('push one scene now (in full), or every identified scene with --all')
    .option('--all', 'every scene (a forced reconciliation of all scenes)')
    .action(async (sceneId: string | undefined, options: { all?: boolean }) => {
      if (!sceneId && !options.all) throw new Error('name a scene id, or --all');
      const config = loadConfig();
      const client = await connectClient(config);
      try {
        if (options.all) {
          const handle = await client.workflow.start<typeof stashReconcile>(stashReconcileWorkflowType, {
            workflowId: stashReconcileWorkflowId,
            taskQueue: config.temporal.task_queue,
            args: [{ scope: 'all', force: true }],
          });
          const result = await handle.result();
          print(`${result.started} of ${result.scenes} scenes queued for a push`);
          return;
        }
        await sceneOf(config, stashPushClients(config), String(sceneId));
        const signaller = createStashSignaller({ client, taskQueue: config.temporal.task_queue, settings: stashSceneSettings(config) });
        await signaller.sceneChanged(String(sceneId), { source: 'cli', force: true });
        print(`scene ${sceneId} queued: ${workflowUrl(config, `stash-scene/${sceneId}`)}`);
      } finally {
        await client.connection.close();
      }
    });

  stash
    .command('reconcile')
    .description('find scenes Plex is missing or shows empty, or that changed since their push, and push them')
    .option('--scope <scope>', `all | 24h | 7d (default: stash.reconcile.scope)`)
    .action(async (options: { scope?: string }) => {
      const config = loadConfig();
      const scope = (options.scope ?? config.stash.reconcile.scope) as ReconcileScope;
      if (!scopes.includes(scope)) throw new Error(`--scope must be one of ${scopes.join(', ')}`);
      const client = await connectClient(config);
      try {
        const result = await client.workflow.execute<typeof stashReconcile>(stashReconcileWorkflowType, {
          workflowId: stashReconcileWorkflowId,
          taskQueue: config.temporal.task_queue,
          args: [{ scope }],
        });
        print(
          `${result.scenes} scenes in scope ${scope}; gaps: ${Object.entries(result.gaps)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}; ${result.started} pushes started`,
        );
      } finally {
        await client.connection.close();
      }
    });

  stash
    .command('match <sceneId>')
    .description('the Plex item a scene would be pushed to, with the confidence; writes nothing')
    .action(async (sceneId: string) => {
      const config = loadConfig();
      const clients = stashPushClients(config);
      const scene = await sceneOf(config, clients, sceneId);
      await withDb(async (db) => {
        const sections = config.stash.plex_section_ids.length > 0 ? config.stash.plex_section_ids : await clients.plex.movieSections();
        const match = await matchScene(
          {
            db,
            plex: clients.plex,
            rules: compileStashRules(config.stash.path_mappings),
            strict: config.stash.strict_matching,
            sections: async () => sections,
          },
          scene,
          false,
        );
        if (match.status === 'matched')
          print(
            `scene ${sceneId} → Plex item ${match.ratingKey} (section ${match.sectionId}) by ${match.method}, confidence ${match.confidence}`,
          );
        else if (match.status === 'ambiguous') print(`scene ${sceneId}: ambiguous, Plex items ${match.candidates.join(', ')}`);
        else
          print(
            `scene ${sceneId}: not in Plex${match.scan ? ` (a push would scan ${match.scan.path} in section ${match.scan.sectionId})` : ''}`,
          );
      }, config);
    });

  stash
    .command('thaw [sceneId]')
    .description('try frozen scenes again now (one, or all)')
    .action(async (sceneId: string | undefined) => {
      const config = loadConfig();
      const client = await connectClient(config);
      try {
        const thawed = await withDb((db) => thawStashScenes(client, config, db, 'cli', sceneId), config);
        if (sceneId && thawed.length === 0)
          throw new Error(`scene ${sceneId} is not frozen (\`watchsync stash status\` lists the frozen scenes)`);
        print(`${thawed.length} scene(s) thawed and queued`);
      } finally {
        await client.connection.close();
      }
    });

  stash
    .command('schedule')
    .description('create, update or delete the reconciliation schedule to match stash.reconcile')
    .action(async () => {
      const config = loadConfig();
      const client = await connectClient(config);
      try {
        print(
          `reconciliation schedule ${await applyStashSchedule(client, config)} (${config.stash.reconcile.every}, scope ${config.stash.reconcile.scope})`,
        );
      } finally {
        await client.connection.close();
      }
    });
}

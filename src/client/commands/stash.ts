/** `watchsync stash …`: the Stash → Plex push (DESIGN.md §7): status, push, reconcile, match, thaw, schedule. */
import type { Command } from 'commander';
import { stashPushClients } from '../../activities/stash/clients';
import { compileStashRules, matchScene } from '../../activities/stash/match';
import { loadConfig } from '../../config';
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
      const scene = await clients.stash.findScene(sceneId);
      if (!scene) throw new Error(`Stash has no scene ${sceneId}`);
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

/**
 * The full comparison of Plex's and Stash's libraries (DESIGN.md §7): each side is read to the end into staging
 * rows of the run, then the gaps are replaced in one transaction. The library-import tables are not on this branch,
 * so Plex is listed (the sections `plex_provider.section_ids`, or those whose agent is the provider).
 */
import type { Pool } from 'pg';
import type { Config } from '../config';
import { pathRules } from '../config/path-rules';
import { providerIdentifier } from '../config/provider-section';
import { compilePathRules, plexToLocal } from '../domain/path-mapping';
import { createStashClient } from '../providers/stash';
import { type ComparisonCounts, finishComparison, stagePlexFiles, stageStashScenes, startComparison } from '../store/stash-gaps';
import { type Clients, NotConfiguredError } from './clients';
import { activity } from './pair-sync';

export interface StashGapDeps {
  db: Pool;
  config?: Config;
  clients?: Clients;
}

/** Scenes read per Stash request. */
const stashPage = 500;

export function createStashGapActivities(deps: StashGapDeps) {
  const { db } = deps;
  const configured = () => {
    if (!deps.config || !deps.clients) throw new NotConfiguredError('config and provider clients');
    return { config: deps.config, clients: deps.clients };
  };
  return {
    async startGapComparison(runId: string): Promise<void> {
      await startComparison(db, runId);
    },

    /** Every scene's files; returns how many scenes were read. */
    async readStashScenes(runId: string): Promise<number> {
      const { config } = configured();
      return activity('Stash', async () => {
        const stash = createStashClient({ url: config.stash.url, apiKey: config.stash.api_key });
        let read = 0;
        for (let page = 1; ; page++) {
          const { count, scenes } = await stash.findScenesWhere({}, page, stashPage);
          await stageStashScenes(
            db,
            runId,
            scenes.flatMap((scene) =>
              scene.files.map((file) => ({ sceneId: scene.id, stashPath: file.path, title: scene.title ?? undefined })),
            ),
          );
          read += scenes.length;
          if (scenes.length === 0 || read >= count) return read;
        }
      });
    },

    /** Every file of the provider's Plex sections, mapped to Stash's paths; returns how many files were read. */
    async readPlexFiles(runId: string): Promise<number> {
      const { config, clients } = configured();
      return activity('Plex', async () => {
        const rules = compilePathRules(pathRules(config.stash.path_mappings));
        const files = await clients.plexServer().sectionFiles({
          sectionIds: config.plex_provider.section_ids,
          agent: providerIdentifier(config),
        });
        await stagePlexFiles(
          db,
          runId,
          files.map((f) => ({
            ratingKey: f.ratingKey,
            plexPath: f.file,
            stashPath: plexToLocal(rules, f.file, { libraryKey: String(f.sectionId) }).path,
            title: f.title,
          })),
        );
        return files.length;
      });
    },

    async finishGapComparison(runId: string): Promise<ComparisonCounts> {
      return finishComparison(db, runId);
    },
  };
}

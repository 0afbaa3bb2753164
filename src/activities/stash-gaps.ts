/**
 * The full comparison of Plex's and Stash's libraries (DESIGN.md §7): each side is read to the end into staging
 * rows of the run, then the gaps are replaced in one transaction. Plex's side comes from the library import's tables
 * when they hold a fresh listing of every compared section (`domain/stash/gap-source.ts`), else from Plex itself (the
 * sections `plex_provider.section_ids`, or those whose agent is the provider).
 */
import type { Pool } from 'pg';
import type { Config } from '../config';
import { pathRules } from '../config/path-rules';
import { providerIdentifier } from '../config/provider-section';
import { compilePathRules, plexToLocal } from '../domain/path-mapping';
import { choosePlexFileSource, libraryServerOf, type PlexFileSource } from '../domain/stash/gap-source';
import { createStashClient } from '../providers/stash';
import { type ImportedFile, importedMovieFiles, importedSections } from '../store/library-queries';
import {
  type ComparisonCounts,
  clearStagedPlexFiles,
  finishComparison,
  recordPlexSource,
  stagePlexFiles,
  stageStashScenes,
  startComparison,
} from '../store/stash-gaps';
import { defaultLibraryImportMaxAgeMs, type PlexFileRead } from '../workflows/stash-gaps-api';
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

    /**
     * Every file of the provider's Plex sections, mapped to Stash's paths, from the library import when it is fresh
     * (every compared section completely listed at most `libraryImportMaxAgeMs` ago), else listed from Plex.
     */
    async readPlexFiles(runId: string, options: PlexFileRead = {}): Promise<number> {
      const { config, clients } = configured();
      // A failing read of the import's tables is reported as PostgreSQL's (failing-report.ts), one of Plex as Plex's.
      return activity('Plex', async () => {
        const source = await plexFileSource(db, config, options);
        const rules = compilePathRules(pathRules(config.stash.path_mappings));
        const files: ImportedFile[] =
          source.kind === 'library-import'
            ? await importedMovieFiles(db, source.serverId, source.sections)
            : (
                await clients.plexServer().sectionFiles({
                  sectionIds: config.plex_provider.section_ids,
                  agent: providerIdentifier(config),
                })
              ).map((f) => ({ sectionKey: String(f.sectionId), ratingKey: f.ratingKey, plexPath: f.file, title: f.title }));
        // A retry may read another source than the attempt before it (an import finished meanwhile): not a mix of both.
        await clearStagedPlexFiles(db, runId);
        await stagePlexFiles(
          db,
          runId,
          files.map((f) => ({
            ratingKey: f.ratingKey,
            plexPath: f.plexPath,
            stashPath: plexToLocal(rules, f.plexPath, { libraryKey: f.sectionKey }).path,
            title: f.title,
          })),
        );
        await recordPlexSource(db, runId, source);
        return files.length;
      });
    },

    async finishGapComparison(runId: string): Promise<ComparisonCounts> {
      return finishComparison(db, runId);
    },
  };
}

/** The library import of the comparison's Plex server when it is fresh enough; otherwise why Plex is listed. */
async function plexFileSource(db: Pool, config: Config, options: PlexFileRead): Promise<PlexFileSource> {
  const server = libraryServerOf({
    libraryServer: config.plex_provider.library_server,
    pmsUrl: config.plex.pms_url,
    servers: config.library.servers,
  });
  if ('reason' in server) return { kind: 'plex-listing', reason: server.reason };
  return choosePlexFileSource({
    serverId: server.serverId,
    sectionIds: config.plex_provider.section_ids,
    agent: providerIdentifier(config),
    imported: await importedSections(db, server.serverId),
    nowMs: Date.now(),
    maxAgeMs: options.libraryImportMaxAgeMs ?? defaultLibraryImportMaxAgeMs,
  });
}

/**
 * The PMS side of the Stash scenes: an "Other Videos" section whose files are the scenes' files under Plex's root,
 * titled by file name as Plex's Personal Media agent does. Files listed in `unscanned` exist on disk but appear in
 * the library only after a scan.
 */
import type { LibraryItem, PlexLibrary } from '../plex/library';
import type { Scanner } from '../plex/pms/scanner';
import { plexPathOf, plexSceneRoot, type StashWorld } from './world';

export const stashSectionId = 20;
/** Scene n's Plex item; far above the catalog's ratingKeys. */
export const sceneRatingKey = (sceneId: string) => String(5_000_000 + Number(sceneId));

export function seedPlexScenes(library: PlexLibrary, scanner: Scanner, world: StashWorld, unscanned: ReadonlySet<string>): void {
  const now = Math.floor(Date.now() / 1000);
  library.addSection({
    id: stashSectionId,
    uuid: `stash-scenes-${library.machineIdentifier.slice(0, 8)}`,
    title: 'Stash',
    type: 'movie',
    agent: 'tv.plex.agents.none',
    scanner: 'Plex Video Files Scanner',
    language: 'xn',
    locationPath: plexSceneRoot,
    createdAt: now - 86_400,
    updatedAt: now,
    scannedAt: now,
  });
  for (const scene of world.scenes.values()) {
    const file = plexPathOf(scene.path);
    const stem = file.slice(file.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
    const item: LibraryItem = {
      ratingKey: sceneRatingKey(scene.id),
      type: 'movie',
      sectionId: stashSectionId,
      title: stem,
      guid: `local://${sceneRatingKey(scene.id)}`,
      externalGuids: [],
      durationMs: scene.durationS * 1000,
      addedAt: now,
      updatedAt: now,
      childKeys: [],
      file,
      mediaId: 5_000_000 + Number(scene.id),
    };
    if (unscanned.has(scene.id)) scanner.hold(item);
    else library.addItem(item);
  }
}

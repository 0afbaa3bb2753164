/**
 * A Stash scene as Plex's Metadata object (a movie): what Plex stores for the file when the provider matched it.
 * Images point back at the provider (`imageBase`), which fetches them from Stash with the API key: Plex cannot send
 * Stash's key, and Stash answers images only with it.
 */

import { baseName } from '../../domain/plex-provider/match';
import { type ProviderMetadata, providerGuid } from '../../providers/plex/metadata-provider';
import type { StashScene } from '../../providers/stash';

export interface SceneMetadataContext {
  identifier: string;
  /** The metadata feature's key (e.g. `/plex-provider/library/metadata`), for `key`. */
  metadataKey: string;
  /** Absolute URL of the provider's image proxy, e.g. `http://192.168.1.20:8787/plex-provider/images`. */
  imageBase: string;
}

/** Stash's fuzzy dates (YYYY, YYYY-MM) filled to a day; the scene's creation day when it has none (Plex requires one). */
function releaseDay(scene: StashScene): string {
  const date = scene.date ?? scene.created_at.slice(0, 10);
  const [year, month = '01', day = '01'] = date.split('-');
  return `${year}-${month}-${day}`;
}

/** The scheme a stash-box endpoint's ids are written with: `https://stashdb.org/graphql` → `stashdb`. */
function stashBoxScheme(endpoint: string): string {
  try {
    return new URL(endpoint).hostname.split('.')[0]?.toLowerCase() || 'stashbox';
  } catch {
    return 'stashbox';
  }
}

export function sceneTitle(scene: StashScene): string {
  const file = scene.files[0];
  return scene.title?.trim() || (file ? (file.basename || baseName(file.path)).replace(/\.[^.]+$/, '') : `Scene ${scene.id}`);
}

export const screenshotUrl = (ctx: SceneMetadataContext, sceneId: string) => `${ctx.imageBase}/scenes/${sceneId}/screenshot`;
export const performerImageUrl = (ctx: SceneMetadataContext, performerId: string) => `${ctx.imageBase}/performers/${performerId}`;

/** The images Plex may pick from: the screenshot as poster and as background (Stash has no other scene art). */
export function sceneImages(ctx: SceneMetadataContext, scene: StashScene): NonNullable<ProviderMetadata['Image']> {
  if (!scene.paths.screenshot) return [];
  const url = screenshotUrl(ctx, scene.id);
  const alt = sceneTitle(scene);
  return [
    { type: 'coverPoster', url, alt },
    { type: 'background', url, alt },
  ];
}

/** The few fields a match answer carries. */
export function sceneMatch(ctx: SceneMetadataContext, scene: StashScene, score: number): ProviderMetadata {
  const day = releaseDay(scene);
  return {
    guid: providerGuid(ctx.identifier, 'movie', scene.id),
    ratingKey: scene.id,
    key: `${ctx.metadataKey}/${scene.id}`,
    type: 'movie',
    title: sceneTitle(scene),
    originallyAvailableAt: day,
    year: Number(day.slice(0, 4)),
    ...(scene.paths.screenshot ? { thumb: screenshotUrl(ctx, scene.id) } : {}),
    score,
  };
}

/** The full Metadata object of a scene. */
export function sceneMetadata(ctx: SceneMetadataContext, scene: StashScene): ProviderMetadata {
  const { score: _score, ...core } = sceneMatch(ctx, scene, 100);
  const studios = [scene.studio?.name, scene.studio?.parent_studio?.name].filter((name): name is string => Boolean(name));
  const duration = scene.files[0]?.duration;
  const images = sceneImages(ctx, scene);
  return {
    ...core,
    ...(images.length > 0 ? { art: images[1]?.url } : {}),
    ...(scene.details ? { summary: scene.details } : {}),
    ...(studios[0] ? { studio: studios[0] } : {}),
    ...(duration ? { duration: Math.round(duration * 1000) } : {}),
    ...(typeof scene.rating100 === 'number' ? { rating: scene.rating100 / 10 } : {}),
    isAdult: true,
    Image: images,
    Studio: studios.map((tag) => ({ tag })),
    Role: scene.performers.map((performer, n) => ({
      tag: performer.disambiguation ? `${performer.name} (${performer.disambiguation})` : performer.name,
      order: n + 1,
      ...(performer.image_path ? { thumb: performerImageUrl(ctx, performer.id) } : {}),
    })),
    Genre: scene.tags.map((tag) => ({ tag: tag.name })),
    ...(scene.director ? { Director: [{ tag: scene.director }] } : {}),
    Guid: scene.stash_ids.map((id) => ({ id: `${stashBoxScheme(id.endpoint)}://${id.stash_id}` })),
  };
}

/** Stash's query resolvers over the simulated world: findScene, findScenes (paging, sort, path/time filters), jobQueue. */
import type { SimScene, StashWorld } from './world';

interface Criterion {
  value: string;
  value2?: string;
  modifier: string;
}
interface FindScenesArgs {
  filter?: { page?: number; per_page?: number; sort?: string; direction?: 'ASC' | 'DESC' };
  scene_filter?: { path?: Criterion; oshash?: Criterion; checksum?: Criterion; updated_at?: Criterion; created_at?: Criterion };
  scene_ids?: number[];
}

/** Stash answers criteria it does not implement for a field with an error; so does the simulator. */
class UnsupportedCriterion extends Error {}

function pathMatches(path: string, c: Criterion): boolean {
  switch (c.modifier) {
    case 'EQUALS':
      return path === c.value;
    case 'INCLUDES':
      return path.includes(c.value);
    case 'NOT_EQUALS':
      return path !== c.value;
    default:
      throw new UnsupportedCriterion(`path modifier ${c.modifier} is not supported by the simulator`);
  }
}

function timeMatches(at: string, c: Criterion): boolean {
  const t = Date.parse(at);
  const v = Date.parse(c.value);
  if (Number.isNaN(v)) throw new UnsupportedCriterion(`not a time: ${c.value}`);
  switch (c.modifier) {
    case 'GREATER_THAN':
      return t > v;
    case 'LESS_THAN':
      return t < v;
    case 'EQUALS':
      return t === v;
    default:
      throw new UnsupportedCriterion(`time modifier ${c.modifier} is not supported by the simulator`);
  }
}

/** The scene's file fingerprints: stable per scene id, hex like Stash's. */
export const sceneOshash = (scene: Pick<SimScene, 'id'>) => scene.id.padStart(16, '0');
export const sceneMd5 = (scene: Pick<SimScene, 'id'>) => scene.id.padStart(32, '0');

export function createResolvers(world: StashWorld, baseUrl: () => string) {
  const render = (scene: SimScene) => {
    const studio = scene.studioId ? world.studios.get(scene.studioId) : undefined;
    const parent = studio?.parentId ? world.studios.get(studio.parentId) : undefined;
    const basename = scene.path.slice(scene.path.lastIndexOf('/') + 1);
    const root = `${baseUrl()}/scene/${scene.id}`;
    return {
      id: scene.id,
      title: scene.title ?? null,
      code: scene.code ?? null,
      details: scene.details ?? null,
      director: scene.director ?? null,
      date: scene.date ?? null,
      urls: scene.urls,
      rating100: scene.rating100 ?? null,
      organized: scene.organized,
      created_at: scene.createdAt,
      updated_at: scene.updatedAt,
      files: [
        {
          id: `f${scene.id}`,
          path: scene.path,
          basename,
          size: scene.durationS * 750_000,
          duration: scene.durationS,
          width: 1920,
          height: 1080,
          video_codec: 'h264',
          audio_codec: 'aac',
          frame_rate: 29.97,
          bit_rate: 6_000_000,
          format: 'mp4',
          mod_time: scene.createdAt,
          fingerprints: [
            { type: 'oshash', value: sceneOshash(scene) },
            { type: 'md5', value: sceneMd5(scene) },
          ],
        },
      ],
      paths: {
        screenshot: `${root}/screenshot?t=${scene.screenshotVersion}`,
        preview: `${root}/preview`,
        stream: `${root}/stream`,
        webp: `${root}/webp`,
        vtt: null,
        sprite: null,
      },
      studio: studio
        ? { id: studio.id, name: studio.name, image_path: null, parent_studio: parent ? { ...parent, image_path: null } : null }
        : null,
      performers: scene.performerIds.flatMap((id) => {
        const p = world.performers.get(id);
        return p ? [{ ...p, disambiguation: null, gender: null, image_path: `${baseUrl()}/performer/${p.id}/image` }] : [];
      }),
      tags: scene.tagIds.flatMap((id) => world.tags.get(id) ?? []),
      groups: scene.groupIds.flatMap((id) => {
        const g = world.groups.get(id);
        return g ? [{ group: g, scene_index: null }] : [];
      }),
      stash_ids: scene.stashIds.map((s) => ({ ...s, updated_at: scene.updatedAt })),
    };
  };

  return {
    Query: {
      findScene: (_root: unknown, args: { id?: string }) => {
        const scene = args.id === undefined ? undefined : world.scenes.get(args.id);
        return scene ? render(scene) : null;
      },
      findScenes: (_root: unknown, args: FindScenesArgs) => {
        const f = args.scene_filter ?? {};
        let scenes = [...world.scenes.values()];
        if (args.scene_ids) scenes = scenes.filter((s) => args.scene_ids?.includes(Number(s.id)));
        if (f.path) scenes = scenes.filter((s) => pathMatches(s.path, f.path as Criterion));
        if (f.oshash) scenes = scenes.filter((s) => pathMatches(sceneOshash(s), f.oshash as Criterion));
        if (f.checksum) scenes = scenes.filter((s) => pathMatches(sceneMd5(s), f.checksum as Criterion));
        if (f.updated_at) scenes = scenes.filter((s) => timeMatches(s.updatedAt, f.updated_at as Criterion));
        if (f.created_at) scenes = scenes.filter((s) => timeMatches(s.createdAt, f.created_at as Criterion));
        const sort = args.filter?.sort ?? 'title';
        const key = (s: SimScene): string | number =>
          sort === 'updated_at' ? s.updatedAt : sort === 'created_at' ? s.createdAt : sort === 'id' ? Number(s.id) : (s.title ?? '');
        const sign = args.filter?.direction === 'DESC' ? -1 : 1;
        // Ties in the sort key are broken by id, as Stash's SQL does, so pages never overlap.
        scenes.sort((a, b) => {
          const ka = key(a);
          const kb = key(b);
          return (ka < kb ? -1 : ka > kb ? 1 : Number(a.id) - Number(b.id)) * sign;
        });
        const perPage = args.filter?.per_page ?? 25;
        const page = Math.max(1, args.filter?.page ?? 1);
        const slice = perPage < 0 ? scenes : scenes.slice((page - 1) * perPage, page * perPage);
        return {
          count: scenes.length,
          duration: scenes.reduce((n, s) => n + s.durationS, 0),
          filesize: scenes.reduce((n, s) => n + s.durationS * 750_000, 0),
          scenes: slice.map(render),
        };
      },
      jobQueue: () => {
        const jobs = [...world.jobs.values()].filter((j) => j.status !== 'FINISHED' && j.status !== 'CANCELLED');
        return jobs.length > 0
          ? jobs.map((j) => ({ ...j, subTasks: null, progress: null, startTime: j.status === 'RUNNING' ? j.addTime : null }))
          : null;
      },
    },
  };
}

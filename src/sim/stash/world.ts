/**
 * The simulated Stash's data: scenes with their files, studios, performers, tags, the job queue. Scene files are
 * the files of the simulated PMS's "Stash" section under another root (Stash sees /stash/library, Plex
 * /data/media/stash), so matching goes through path mapping as in a real install.
 */
import { rng } from '../catalog';

export interface SimStudio {
  id: string;
  name: string;
  parentId?: string;
}
export interface SimNamed {
  id: string;
  name: string;
}

export interface SimScene {
  id: string;
  title?: string;
  code?: string;
  details?: string;
  director?: string;
  date?: string;
  urls: string[];
  rating100?: number;
  organized: boolean;
  createdAt: string;
  updatedAt: string;
  path: string;
  durationS: number;
  studioId?: string;
  performerIds: string[];
  tagIds: string[];
  groupIds: string[];
  stashIds: Array<{ endpoint: string; stash_id: string }>;
  /** Bumped when Stash regenerates the screenshot. */
  screenshotVersion: number;
}

export interface SimJob {
  id: string;
  status: 'READY' | 'RUNNING' | 'FINISHED' | 'STOPPING' | 'CANCELLED' | 'FAILED';
  description: string;
  addTime: string;
}

/** A scene edit as the admin API takes it: names, not ids (new ones are created like Stash's "create missing"). */
export interface ScenePatch {
  title?: string | null;
  details?: string | null;
  date?: string | null;
  rating100?: number | null;
  studio?: string | null;
  performers?: string[];
  tags?: string[];
  /** Regenerate the screenshot (its bytes change). */
  screenshot?: boolean;
}

export const stashRoot = '/stash/library';
export const plexSceneRoot = '/data/media/stash';

const studioNames = ['Brightline', 'Northwind Films', 'Cobalt Studio', 'Juniper House', 'Lakeside Media'];
const performerNames = ['Ava Reyes', 'Mia Chen', 'Noah Park', 'Liam Ortiz', 'Zoe Hart', 'Ivy Lane', 'Eli Brooks', 'Sky Moreno'];
const tagNames = ['Outdoor', 'Interview', 'Behind the Scenes', 'Studio', 'Documentary', 'Travel', 'Music', 'Night'];

export class StashWorld {
  readonly scenes = new Map<string, SimScene>();
  readonly studios = new Map<string, SimStudio>();
  readonly performers = new Map<string, SimNamed>();
  readonly tags = new Map<string, SimNamed>();
  readonly groups = new Map<string, SimNamed>();
  readonly jobs = new Map<string, SimJob>();
  private nextId = 1;
  private highestSceneId = 0;
  /** Milliseconds; every change moves updated_at forward by at least 1 s, as Stash stores seconds. */
  private clock: () => number;
  private lastStamp = 0;

  constructor(clock: () => number = Date.now) {
    this.clock = clock;
  }

  /** Stash's Time: RFC 3339 with seconds; strictly increasing so "updated after" never misses an edit. */
  stamp(): string {
    const now = Math.max(Math.floor(this.clock() / 1000) * 1000, this.lastStamp + 1000);
    this.lastStamp = now;
    return new Date(now).toISOString().replace('.000Z', 'Z');
  }

  private named(map: Map<string, SimNamed>, name: string): string {
    for (const entry of map.values()) if (entry.name === name) return entry.id;
    const id = String(this.nextId++);
    map.set(id, { id, name });
    return id;
  }

  studioId(name: string): string {
    return this.named(this.studios, name);
  }

  addScene(scene: Omit<SimScene, 'id' | 'createdAt' | 'updatedAt' | 'screenshotVersion'> & { id?: string }): SimScene {
    const at = this.stamp();
    // Ids are never reused, as Stash's are not: counting scenes would hand a deleted scene's successor an existing id.
    const id = scene.id ?? String(this.highestSceneId + 1);
    this.highestSceneId = Math.max(this.highestSceneId, Number(id) || 0);
    const created: SimScene = { ...scene, id, createdAt: at, updatedAt: at, screenshotVersion: 1 };
    this.scenes.set(id, created);
    return created;
  }

  /** Applies an edit as Stash's sceneUpdate would; answers the input field names (the hook's `inputFields`). */
  edit(id: string, patch: ScenePatch): string[] | undefined {
    const scene = this.scenes.get(id);
    if (!scene) return undefined;
    const fields: string[] = ['id'];
    const text = (key: 'title' | 'details' | 'date', value: string | null | undefined) => {
      if (value === undefined) return;
      if (value === null) delete scene[key];
      else scene[key] = value;
      fields.push(key);
    };
    text('title', patch.title);
    text('details', patch.details);
    text('date', patch.date);
    if (patch.rating100 !== undefined) {
      if (patch.rating100 === null) delete scene.rating100;
      else scene.rating100 = patch.rating100;
      fields.push('rating100');
    }
    if (patch.studio !== undefined) {
      if (patch.studio === null) delete scene.studioId;
      else scene.studioId = this.studioId(patch.studio);
      fields.push('studio_id');
    }
    if (patch.performers) {
      scene.performerIds = patch.performers.map((name) => this.named(this.performers, name));
      fields.push('performer_ids');
    }
    if (patch.tags) {
      scene.tagIds = patch.tags.map((name) => this.named(this.tags, name));
      fields.push('tag_ids');
    }
    if (patch.screenshot) {
      scene.screenshotVersion += 1;
      fields.push('cover_image');
    }
    scene.updatedAt = this.stamp();
    return fields;
  }

  addJob(description: string, status: SimJob['status'] = 'RUNNING'): SimJob {
    const job: SimJob = { id: String(this.nextId++), status, description, addTime: this.stamp() };
    this.jobs.set(job.id, job);
    return job;
  }

  /** Seeds `count` identified scenes (studio, performers, tags, details, date), ids from `firstId`. */
  seed(count: number, seed: number, firstId = 1): void {
    const rand = rng(seed * 131 + 7);
    const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)] as T;
    for (let i = firstId; i < firstId + count; i++) {
      const studio = pick(studioNames);
      const stem = sceneFileStem(i);
      this.addScene({
        id: String(i),
        title: `Scene ${i}: ${pick(['Morning', 'Harbour', 'Summit', 'Lantern', 'Echo', 'Meadow'])} ${pick(['Light', 'Walk', 'Session', 'Story'])}`,
        details: `Scene ${i} filmed for ${studio}.`,
        date: `20${10 + (i % 15)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
        urls: [],
        rating100: 20 + (i % 5) * 20,
        organized: true,
        path: `${stashRoot}/${studio}/${stem}.mp4`,
        durationS: 600 + (i % 40) * 30,
        studioId: this.studioId(studio),
        performerIds: [pick(performerNames), pick(performerNames)]
          .filter((name, n, all) => all.indexOf(name) === n)
          .map((name) => this.named(this.performers, name)),
        tagIds: [pick(tagNames), pick(tagNames), pick(tagNames)]
          .filter((name, n, all) => all.indexOf(name) === n)
          .map((name) => this.named(this.tags, name)),
        groupIds: [],
        stashIds: [],
      });
    }
  }
}

/** A scene file's name without extension, as a Plex "Other Videos" library titles an unmatched file. */
export function sceneFileStem(n: number): string {
  return `scene-${String(n).padStart(5, '0')}`;
}

/** The same file as the PMS sees it. */
export function plexPathOf(stashPath: string): string {
  return stashPath.startsWith(`${stashRoot}/`) ? `${plexSceneRoot}${stashPath.slice(stashRoot.length)}` : stashPath;
}

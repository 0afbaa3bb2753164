import { z } from 'zod';

/** Stash's GraphQL payloads as watchsync reads them (types/scene.graphql, file.graphql, studio/performer/tag, job). */

const named = z.object({ id: z.string(), name: z.string() });

export const stashVideoFileSchema = z.object({
  id: z.string(),
  path: z.string(),
  basename: z.string(),
  size: z.number().optional(),
  duration: z.number().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  video_codec: z.string().optional(),
  audio_codec: z.string().optional(),
  frame_rate: z.number().optional(),
  bit_rate: z.number().optional(),
  format: z.string().optional(),
  mod_time: z.string().optional(),
  fingerprints: z.array(z.object({ type: z.string(), value: z.string() })).default([]),
});

export const stashSceneSchema = z.object({
  id: z.string(),
  title: z.string().nullable().optional(),
  code: z.string().nullable().optional(),
  details: z.string().nullable().optional(),
  director: z.string().nullable().optional(),
  /** YYYY-MM-DD (Stash's fuzzy dates may be YYYY or YYYY-MM). */
  date: z.string().nullable().optional(),
  urls: z.array(z.string()).default([]),
  rating100: z.number().int().min(0).max(100).nullable().optional(),
  organized: z.boolean().default(false),
  created_at: z.string(),
  updated_at: z.string(),
  files: z.array(stashVideoFileSchema),
  paths: z.object({
    screenshot: z.string().nullable().optional(),
    preview: z.string().nullable().optional(),
    webp: z.string().nullable().optional(),
    stream: z.string().nullable().optional(),
  }),
  studio: named.extend({ image_path: z.string().nullable().optional(), parent_studio: named.nullable().optional() }).nullable().optional(),
  performers: z.array(
    named.extend({
      disambiguation: z.string().nullable().optional(),
      gender: z.string().nullable().optional(),
      image_path: z.string().nullable().optional(),
    }),
  ),
  tags: z.array(named),
  groups: z.array(z.object({ group: named, scene_index: z.number().int().nullable().optional() })).default([]),
  stash_ids: z.array(z.object({ endpoint: z.string(), stash_id: z.string(), updated_at: z.string().optional() })).default([]),
});
export type StashScene = z.infer<typeof stashSceneSchema>;

export const stashJobSchema = z.object({
  id: z.string(),
  status: z.enum(['READY', 'RUNNING', 'FINISHED', 'STOPPING', 'CANCELLED', 'FAILED']),
  description: z.string(),
  progress: z.number().nullable().optional(),
  subTasks: z.array(z.string()).nullable().optional(),
  addTime: z.string(),
  startTime: z.string().nullable().optional(),
});
export type StashJob = z.infer<typeof stashJobSchema>;

/** A GraphQL answer: `data`, or `errors` (a query Stash refused, an unknown id answers data null). */
export function graphqlAnswer<S extends z.ZodType>(data: S) {
  return z.object({
    data: data.nullable().optional(),
    errors: z.array(z.object({ message: z.string(), path: z.array(z.union([z.string(), z.number()])).optional() })).optional(),
  });
}

export const findSceneData = z.object({ findScene: stashSceneSchema.nullable() });
export const findScenesData = z.object({ findScenes: z.object({ count: z.number().int(), scenes: z.array(stashSceneSchema) }) });
export const findScenesByPathData = z.object({
  findScenes: z.object({
    count: z.number().int(),
    scenes: z.array(
      z.object({
        id: z.string(),
        title: z.string().nullable().optional(),
        updated_at: z.string(),
        files: z.array(z.object({ path: z.string(), basename: z.string() })),
      }),
    ),
  }),
});
export const jobQueueData = z.object({ jobQueue: z.array(stashJobSchema).nullable() });

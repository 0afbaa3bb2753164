/**
 * Stash's GraphQL API over undici (../http.ts): the API key in the `ApiKey` header (never the URL), every answer
 * validated by zod, GraphQL errors thrown as StashGraphqlError with the operation. Retrying is the caller's
 * (Temporal's retry policies); this module only says what happened.
 */
import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import { type HttpRequest, requestBytes, requestJson } from '../http';
import { findSceneQuery, findScenesByPathQuery, findScenesSinceQuery, findScenesWhereQuery, jobQueueQuery } from './queries';
import {
  findSceneData,
  findScenesByPathData,
  findScenesData,
  graphqlAnswer,
  jobQueueData,
  type StashJob,
  type StashScene,
} from './schemas';

export interface StashClientOptions {
  /** Stash's base URL, e.g. http://localhost:9999 (GraphQL at /graphql). */
  url: string;
  /** Settings → Security → API key; absent when Stash has no credentials set. */
  apiKey?: string;
  dispatcher?: Dispatcher;
  timeoutMs?: number;
}

/** Stash answered the query with GraphQL errors. */
export class StashGraphqlError extends Error {
  constructor(
    readonly operation: string,
    readonly messages: string[],
  ) {
    super(`Stash ${operation} failed: ${messages.slice(0, 3).join('; ')}`);
    this.name = 'StashGraphqlError';
  }
}

export interface ScenePage {
  count: number;
  scenes: StashScene[];
}

export interface ScenesSince {
  /** ISO time: scenes updated (or, with `field: 'created_at'`, created) strictly after it. */
  since: string;
  field?: 'updated_at' | 'created_at';
  page: number;
  perPage: number;
}

/** Job descriptions of the tasks that change a scene's files or metadata (scan, generate, identify, auto tag…). */
const busyJob = /scan|generat|identif|auto.?tag|clean/i;

export function createStashClient(options: StashClientOptions) {
  const base = options.url.replace(/\/+$/, '');
  const headers = options.apiKey ? { ApiKey: options.apiKey } : undefined;
  const transport: Pick<HttpRequest, 'dispatcher' | 'timeoutMs'> = { dispatcher: options.dispatcher, timeoutMs: options.timeoutMs };

  async function query<S extends z.ZodType>(
    document: { operationName: string; query: string },
    variables: Record<string, unknown>,
    data: S,
  ): Promise<z.infer<S>> {
    const { data: answer } = await requestJson(
      { ...transport, method: 'POST', url: `${base}/graphql`, headers, json: { ...document, variables } },
      graphqlAnswer(data),
    );
    if (answer.errors?.length)
      throw new StashGraphqlError(
        document.operationName,
        answer.errors.map((e) => e.message),
      );
    if (answer.data === undefined || answer.data === null) throw new StashGraphqlError(document.operationName, ['no data in the answer']);
    return answer.data;
  }

  async function jobQueue(): Promise<StashJob[]> {
    const data = await query(jobQueueQuery, {}, jobQueueData);
    return data.jobQueue ?? [];
  }

  return {
    /** One scene, or undefined when Stash has none with this id (deleted). */
    async findScene(id: string): Promise<StashScene | undefined> {
      const data = await query(findSceneQuery, { id }, findSceneData);
      return data.findScene ?? undefined;
    },

    /** One page of scenes changed after `since`, oldest first. */
    async findScenesSince({ since, field = 'updated_at', page, perPage }: ScenesSince): Promise<ScenePage> {
      const data = await query(
        findScenesSinceQuery,
        {
          filter: { page, per_page: perPage, sort: field, direction: 'ASC' },
          scene_filter: { [field]: { value: since, modifier: 'GREATER_THAN' } },
        },
        findScenesData,
      );
      return data.findScenes;
    },

    /** Scenes whose file is exactly at `path` (Stash's own path). */
    async findScenesByPath(path: string) {
      const data = await query(
        findScenesByPathQuery,
        { filter: { page: 1, per_page: 25 }, scene_filter: { path: { value: path, modifier: 'EQUALS' } } },
        findScenesByPathData,
      );
      return data.findScenes.scenes;
    },

    /**
     * One page of the scenes a `SceneFilterType` selects (e.g. `{path: {value, modifier: 'INCLUDES'}}`,
     * `{oshash: {value, modifier: 'EQUALS'}}`, or `{}` for every scene), by id.
     */
    async findScenesWhere(sceneFilter: Record<string, unknown>, page = 1, perPage = 25): Promise<ScenePage> {
      const data = await query(
        findScenesWhereQuery,
        { filter: { page, per_page: perPage, sort: 'id', direction: 'ASC' }, scene_filter: sceneFilter },
        findScenesData,
      );
      return data.findScenes;
    },

    jobQueue,

    /** Whether a scan, generate or identify job is queued or running: a scene read now may be half-done. */
    async busy(): Promise<StashJob | undefined> {
      const jobs = await jobQueue();
      return jobs.find((job) => (job.status === 'READY' || job.status === 'RUNNING') && busyJob.test(job.description));
    },

    /** The scene's screenshot (`paths.screenshot`, an absolute URL of this Stash) with its content type. */
    async image(url: string): Promise<{ bytes: Buffer; contentType: string }> {
      const { data, headers: answer } = await requestBytes({ ...transport, url, headers });
      return { bytes: data, contentType: answer['content-type'] ?? 'application/octet-stream' };
    },
  };
}

export type StashClient = ReturnType<typeof createStashClient>;

/**
 * The simulated Stash: GraphQL (mercurius) at /graphql with Stash's schema subset, the API key in the `ApiKey`
 * header (or `?apikey=` on images, as Stash's UI links), screenshots and previews, a job queue, and hook delivery to
 * watchsync's bridge. `/__admin/` edits scenes (and delivers the hook), runs jobs and shows ground truth.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import mercurius from 'mercurius';
import { FaultBoard, installFaults } from '../faults';
import { registerFaultAdmin } from '../plex/pms/admin';
import { deliverHook, type HookDelivery, type HookTarget, type HookType } from './hooks';
import { performerPng, previewMp4, screenshotPng } from './images';
import { createResolvers } from './resolvers';
import { stashSchema } from './schema';
import { type ScenePatch, type SimJob, StashWorld } from './world';

export interface StashSimOptions {
  apiKey: string;
  world?: StashWorld;
}

export interface StashSim {
  app: FastifyInstance;
  world: StashWorld;
  faults: FaultBoard;
  /** Where hooks go; none until set (Stash without the plugin). */
  hookTarget?: HookTarget;
  /** Hooks delivered, with the bridge's answers. */
  deliveries: Array<{ sceneId: string; type: HookType } & HookDelivery>;
  /** Sets `baseUrl` once listening (screenshot URLs are absolute, as Stash's are). */
  setBaseUrl(url: string): void;
  /** Edits a scene as the Stash UI would and delivers the Scene.Update.Post hook (when a target is set). */
  editScene(id: string, patch: ScenePatch): Promise<HookDelivery | undefined>;
  deleteScene(id: string): Promise<HookDelivery | undefined>;
}

export function createStashSim(options: StashSimOptions): StashSim {
  const world = options.world ?? new StashWorld();
  const faults = new FaultBoard();
  let baseUrl = 'http://127.0.0.1';
  const app = Fastify({ logger: false });
  installFaults(app, faults);
  const authorized = (headers: Record<string, unknown>, query: unknown) =>
    headers.apikey === options.apiKey || (query as { apikey?: unknown } | undefined)?.apikey === options.apiKey;
  app.addHook('preHandler', async (req, reply) => {
    if ((req.routeOptions.url ?? '').startsWith('/__admin')) return;
    if (!authorized(req.headers, req.query)) return reply.code(401).send({ error: 'unauthorized' });
  });
  app.register(mercurius, { schema: stashSchema, resolvers: createResolvers(world, () => baseUrl), graphiql: false });

  app.get<{ Params: { id: string } }>('/scene/:id/screenshot', async (req, reply) => {
    const scene = world.scenes.get(req.params.id);
    if (!scene) return reply.code(404).send();
    return reply.type('image/png').send(screenshotPng(scene.id, scene.screenshotVersion));
  });
  app.get<{ Params: { id: string } }>('/performer/:id/image', async (req, reply) => {
    if (!world.performers.has(req.params.id)) return reply.code(404).send();
    return reply.type('image/png').send(performerPng(req.params.id));
  });
  app.get<{ Params: { id: string } }>('/scene/:id/preview', async (req, reply) => {
    if (!world.scenes.has(req.params.id)) return reply.code(404).send();
    return reply.type('video/mp4').send(previewMp4(req.params.id));
  });

  const sim: StashSim = {
    app,
    world,
    faults,
    deliveries: [],
    setBaseUrl(url) {
      baseUrl = url;
    },
    async editScene(id, patch) {
      const fields = world.edit(id, patch);
      if (!fields) throw new Error(`no scene ${id}`);
      return deliver(id, 'Scene.Update.Post', fields);
    },
    async deleteScene(id) {
      if (!world.scenes.delete(id)) throw new Error(`no scene ${id}`);
      return deliver(id, 'Scene.Destroy.Post', ['id']);
    },
  };
  const deliver = async (sceneId: string, type: HookType, fields: string[]) => {
    if (!sim.hookTarget) return undefined;
    const answer = await deliverHook(sim.hookTarget, type, sceneId, fields);
    sim.deliveries.push({ sceneId, type, ...answer });
    return answer;
  };

  registerFaultAdmin(app, faults);
  app.get<{ Params: { id: string } }>(
    '/__admin/scenes/:id',
    async (req, reply) => world.scenes.get(req.params.id) ?? reply.code(404).send(),
  );
  app.patch<{ Params: { id: string }; Body: ScenePatch }>('/__admin/scenes/:id', async (req, reply) => {
    if (!world.scenes.has(req.params.id)) return reply.code(404).send({ error: 'no such scene' });
    return { hook: (await sim.editScene(req.params.id, req.body ?? {})) ?? null };
  });
  app.delete<{ Params: { id: string } }>('/__admin/scenes/:id', async (req, reply) => {
    if (!world.scenes.has(req.params.id)) return reply.code(404).send({ error: 'no such scene' });
    return { hook: (await sim.deleteScene(req.params.id)) ?? null };
  });
  app.post<{ Body: { description: string; status?: SimJob['status'] } }>('/__admin/jobs', async (req) =>
    world.addJob(req.body.description, req.body.status),
  );
  app.delete<{ Params: { id: string } }>('/__admin/jobs/:id', async (req, reply) => {
    const job = world.jobs.get(req.params.id);
    if (!job) return reply.code(404).send({ error: 'no such job' });
    job.status = 'FINISHED';
    return job;
  });
  app.put<{ Body: HookTarget }>('/__admin/hooks', async (req) => {
    sim.hookTarget = req.body;
    return { ok: true };
  });
  app.get('/__admin/hooks', async () => sim.deliveries);
  return sim;
}

export { sceneRatingKey, seedPlexScenes, stashSectionId } from './plex-files';
export { plexPathOf, plexSceneRoot, StashWorld, sceneFileStem, stashRoot } from './world';

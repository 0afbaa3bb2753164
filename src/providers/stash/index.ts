export { createStashClient, type ScenePage, type StashClient, type StashClientOptions, StashGraphqlError } from './client';
export { type StashJob, type StashScene, stashSceneSchema } from './schemas';

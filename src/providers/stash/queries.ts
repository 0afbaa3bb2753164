/**
 * The GraphQL documents watchsync sends to Stash (schema: stashapp/stash graphql/schema). They are the ones in
 * ../shared/fixtures/stash; the contract test checks both against the simulator's schema.
 */

/** Every field of a scene that Plex shows or that matching needs. */
const sceneFields = `id title code details director date urls rating100 organized created_at updated_at
  files { id path basename size duration width height video_codec audio_codec frame_rate bit_rate format mod_time fingerprints { type value } }
  paths { screenshot preview webp stream }
  studio { id name image_path parent_studio { id name } }
  performers { id name disambiguation gender image_path }
  tags { id name }
  groups { group { id name } scene_index }
  stash_ids { endpoint stash_id updated_at }`;

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

export const findSceneQuery = {
  operationName: 'FindSceneForPlex',
  query: squash(`query FindSceneForPlex($id: ID!) { findScene(id: $id) { ${sceneFields} } }`),
};

/** Scenes changed (or created) after a time, oldest first, so a page boundary never skips one. */
export const findScenesSinceQuery = {
  operationName: 'FindScenesForPlexSince',
  query: squash(
    `query FindScenesForPlexSince($filter: FindFilterType, $scene_filter: SceneFilterType) {
      findScenes(filter: $filter, scene_filter: $scene_filter) { count scenes { ${sceneFields} } } }`,
  ),
};

/** Scenes by any filter (a path, a file name, a fingerprint, or none to list them all), with every field. */
export const findScenesWhereQuery = {
  operationName: 'FindScenesForPlexWhere',
  query: squash(
    `query FindScenesForPlexWhere($filter: FindFilterType, $scene_filter: SceneFilterType) {
      findScenes(filter: $filter, scene_filter: $scene_filter) { count scenes { ${sceneFields} } } }`,
  ),
};

export const findScenesByPathQuery = {
  operationName: 'FindScenesByPath',
  query: squash(
    `query FindScenesByPath($filter: FindFilterType, $scene_filter: SceneFilterType) {
      findScenes(filter: $filter, scene_filter: $scene_filter) { count scenes { id title updated_at files { path basename } } } }`,
  ),
};

export const jobQueueQuery = {
  operationName: 'JobQueueForPlex',
  query: 'query JobQueueForPlex { jobQueue { id status description progress subTasks addTime startTime } }',
};

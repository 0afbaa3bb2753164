/**
 * The subset of Stash's GraphQL schema (stashapp/stash graphql/schema: schema.graphql, types/scene.graphql,
 * file.graphql, studio/performer/tag/group, filters.graphql, job.graphql) that watchsync queries, with Stash's own
 * type and field names, so a query valid here is valid against Stash (the fixtures are checked against it).
 */
export const stashSchema = /* GraphQL */ `
  scalar Time
  scalar Int64

  enum CriterionModifier { EQUALS NOT_EQUALS GREATER_THAN LESS_THAN IS_NULL NOT_NULL INCLUDES_ALL INCLUDES EXCLUDES MATCHES_REGEX NOT_MATCHES_REGEX BETWEEN NOT_BETWEEN }
  enum SortDirectionEnum { ASC DESC }
  enum GenderEnum { MALE FEMALE TRANSGENDER_MALE TRANSGENDER_FEMALE INTERSEX NON_BINARY }
  enum JobStatus { READY RUNNING FINISHED STOPPING CANCELLED FAILED }

  input FindFilterType { q: String page: Int per_page: Int sort: String direction: SortDirectionEnum }
  input StringCriterionInput { value: String! modifier: CriterionModifier! }
  input TimestampCriterionInput { value: String! value2: String modifier: CriterionModifier! }
  input SceneFilterType {
    path: StringCriterionInput
    oshash: StringCriterionInput
    checksum: StringCriterionInput
    updated_at: TimestampCriterionInput
    created_at: TimestampCriterionInput
  }

  type Fingerprint { type: String! value: String! }
  type VideoFile {
    id: ID! path: String! basename: String! size: Int64! duration: Float! width: Int! height: Int!
    video_codec: String! audio_codec: String! frame_rate: Float! bit_rate: Int! format: String! mod_time: Time!
    fingerprints: [Fingerprint!]!
  }
  type ScenePathsType { screenshot: String preview: String stream: String webp: String vtt: String sprite: String }
  type Studio { id: ID! name: String! image_path: String parent_studio: Studio }
  type Performer { id: ID! name: String! disambiguation: String gender: GenderEnum image_path: String }
  type Tag { id: ID! name: String! }
  type Group { id: ID! name: String! }
  type SceneGroup { group: Group! scene_index: Int }
  type StashID { endpoint: String! stash_id: String! updated_at: Time! }
  type Scene {
    id: ID! title: String code: String details: String director: String date: String urls: [String!]!
    rating100: Int organized: Boolean! created_at: Time! updated_at: Time!
    files: [VideoFile!]! paths: ScenePathsType! studio: Studio performers: [Performer!]! tags: [Tag!]!
    groups: [SceneGroup!]! stash_ids: [StashID!]!
  }
  type FindScenesResultType { count: Int! duration: Float! filesize: Float! scenes: [Scene!]! }
  type Job {
    id: ID! status: JobStatus! subTasks: [String!] description: String! progress: Float
    startTime: Time endTime: Time addTime: Time! error: String
  }

  type Query {
    findScene(id: ID, checksum: String): Scene
    findScenes(scene_filter: SceneFilterType, scene_ids: [Int!], filter: FindFilterType): FindScenesResultType!
    jobQueue: [Job!]
  }
`;

/**
 * The GraphQL error codes annotation-job owns (docs/errors.md); the shared ones (NOT_FOUND, BAD_USER_INPUT,
 * SERVICE_UNAVAILABLE, …) stay service-kit's `ErrorCode`. Passed to startSubgraphServer as its `errorCodes`.
 */
export const AnnotationJobErrorCode = {
  /** A mapping names an unknown model or task label or pairs incompatible types, or nothing could be suggested. */
  InvalidMapping: "INVALID_MAPPING",
  /**
   * A threshold outside (0, 1], or an omitted one whose model has no valid default; a per-class threshold out of range,
   * for a label the task lacks or given twice, or asked for with tracking; a reviewBelow outside (0, 1].
   */
  InvalidThreshold: "INVALID_THRESHOLD",
  /** A frame range that is inverted or reaches past the task's last frame; a preview's frames: not 1..16 distinct frames of the task. */
  InvalidFrameRange: "INVALID_FRAME_RANGE",
  /** The task (or the requested range of it) has no frames. */
  TaskEmpty: "TASK_EMPTY",
  /** The task already has an active job. */
  JobAlreadyRunning: "JOB_ALREADY_RUNNING",
  /** Cancelling a job that is committing or has ended. */
  JobNotActive: "JOB_NOT_ACTIVE",
  /** The tenant already runs as many auto-annotation jobs as it may at once (`TENANT_MAX_CONCURRENT_JOBS`). */
  TenantJobLimit: "TENANT_JOB_LIMIT",
  /** The tenant already runs as many previews as it may at once (`PREVIEW_MAX_CONCURRENT_PER_TENANT`). */
  PreviewLimit: "PREVIEW_LIMIT",
  /** Starting the job (or a preview) would exceed the tenant's frames per hour (`TENANT_MAX_FRAMES_PER_HOUR`). */
  TenantFrameQuota: "TENANT_FRAME_QUOTA",
  /** The model is listed but no job can run it (a Nuclio interactor, tracker or reid function, or one whose spec does not parse). */
  ModelNotSupported: "MODEL_NOT_SUPPORTED",
  /** Tracking settings out of range: iouThreshold in (0, 1), maxAge 1..1000, minHits 1..100. */
  InvalidTracking: "INVALID_TRACKING",
  /** Tracking was asked for but no mapped label can produce a RECTANGLE, POLYGON or SKELETON (tags, points, polylines, masks). */
  TrackingNotApplicable: "TRACKING_NOT_APPLICABLE",
  /** Tiling settings out of range: tileSize 128..4096, overlap 0..0.5, merge NMS or WBF. */
  InvalidTiling: "INVALID_TILING",
  /** Tiling was asked for a model it cannot help: a hub model (a network call per tile) or a classification (tag-only) one. */
  TilingNotApplicable: "TILING_NOT_APPLICABLE",
  /** A batch's task list is empty, longer than `BATCH_MAX_TASKS`, or names a task twice. */
  InvalidBatch: "INVALID_BATCH",
  /** evaluateModel: no frame of the selection has a manual annotation to compare the model with. */
  NoGroundTruth: "NO_GROUND_TRUTH",
} as const;
export type AnnotationJobErrorCode = (typeof AnnotationJobErrorCode)[keyof typeof AnnotationJobErrorCode];

/**
 * The public error codes only the task service raises (listed in docs/errors.md). Shared ones (NOT_FOUND,
 * BAD_USER_INPUT, PAYLOAD_TOO_LARGE, SERVICE_UNAVAILABLE, …) are service-kit's `ErrorCode`.
 */
export const TaskErrorCode = {
  /** createTask labels that break a schema rule or one of the size limits. */
  InvalidLabelSchema: "INVALID_LABEL_SCHEMA",
  /** importFrames outside the import root, or no import root configured. */
  InvalidPath: "INVALID_PATH",
  /** More `Frame.image` renders in one operation than the service allows (FrameImageLimits.maxPerOperation). */
  TooManyFrameImages: "TOO_MANY_FRAME_IMAGES",
  /** More track shapes (keyframes or interpolated) in one operation than the service returns (MAX_TRACK_SHAPES_PER_OPERATION). */
  TooManyTrackShapes: "TOO_MANY_TRACK_SHAPES",
  /** addVideo/importVideo: not a video, a damaged or truncated file, or one without frames. */
  InvalidVideo: "INVALID_VIDEO",
  /** addVideo/importVideo: a video codec the decoder does not take. */
  UnsupportedCodec: "UNSUPPORTED_CODEC",
  /** addVideo/importVideo: over VIDEO_MAX_BYTES, VIDEO_MAX_PIXELS or VIDEO_MAX_FRAMES, or decoding past its time limit. */
  VideoTooLarge: "VIDEO_TOO_LARGE",
  /** addVideo/importVideo into a task that already has frames (a video task holds one video and nothing else). */
  TaskNotEmpty: "TASK_NOT_EMPTY",
  /** addFrames/importFrames into a video task. */
  VideoTask: "VIDEO_TASK",
  /** A download link whose token this service did not sign, or altered (HTTP 403 on GET /exports/<token>). */
  InvalidExportToken: "INVALID_EXPORT_TOKEN",
  /** A download link past its expiry (HTTP 410): ask exportAnnotations for a new one. */
  ExportTokenExpired: "EXPORT_TOKEN_EXPIRED",
  /** The tenant already has EXPORT_MAX_CONCURRENT_PER_TENANT downloads running (HTTP 429). */
  TooManyExports: "TOO_MANY_EXPORTS",
  /** importAnnotations: a file that is not the format it was said to be (malformed JSON/XML/zip, a NaN coordinate, a bad mask). */
  InvalidAnnotationFile: "INVALID_ANNOTATION_FILE",
  /** importAnnotations: a file over ANNOTATION_IMPORT_MAX_BYTES, or holding more than ANNOTATION_IMPORT_MAX_SHAPES shapes. */
  AnnotationFileTooLarge: "ANNOTATION_FILE_TOO_LARGE",
  /** importAnnotations (not partial): shapes on a frame name that matches none of the task's frames. */
  UnknownFrame: "UNKNOWN_FRAME",
  /** importAnnotations (not partial): shapes of a label that matches none of the task's labels (mapping or suggestion). */
  UnknownLabel: "UNKNOWN_LABEL",
  /**
   * saveAnnotations against a stale state: `expectedVersion` is not the task's annotationsVersion, an update's
   * `version` is not the annotation's, or an updated or deleted annotation is gone. Nothing was applied.
   */
  Conflict: "CONFLICT",
  /** saveAnnotations shapes that break the label schema's or the frame's rules (details.problems, one per item and path). */
  InvalidAnnotation: "INVALID_ANNOTATION",
  /** saveAnnotations or resolveReview while a job's results are being committed to the same task (waited SAVE_ANNOTATIONS_LOCK_WAIT_MS). */
  AnnotationsBusy: "ANNOTATIONS_BUSY",
  /** More created, updated and deleted annotations in one saveAnnotations than SAVE_ANNOTATIONS_MAX_ITEMS, or over 1,000 ids in one resolveReview. */
  TooManyAnnotations: "TOO_MANY_ANNOTATIONS",
  /** resolveReview of annotations that are not (or no longer) flagged needsReview (details.ids); nothing was changed. */
  NotFlaggedForReview: "NOT_FLAGGED_FOR_REVIEW",
} as const;
export type TaskErrorCode = (typeof TaskErrorCode)[keyof typeof TaskErrorCode];

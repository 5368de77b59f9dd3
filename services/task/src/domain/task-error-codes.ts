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
  /** More track shapes (keyframes or interpolated) in one operation than the service returns (MAX_TRACK_SHAPES_PER_OPERATION). */
  TooManyTrackShapes: "TOO_MANY_TRACK_SHAPES",
} as const;
export type TaskErrorCode = (typeof TaskErrorCode)[keyof typeof TaskErrorCode];

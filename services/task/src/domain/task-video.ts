/** The video a video task's frames were decoded from, and which of its frames they are. */
export interface TaskVideo {
  /** The file name it was uploaded or imported as. */
  fileName: string;
  container: string;
  codec: string;
  /** Displayed size: the frames' size (the coded size turned by `rotation`). */
  width: number;
  height: number;
  fps: number;
  durationSeconds: number;
  /** Clockwise degrees the source is turned for display (0, 90, 180, 270); the frames are stored turned. */
  rotation: number;
  /** Frames in the source video. */
  sourceFrameCount: number;
  /** Source frame numbers taken (inclusive): task frame i is source frame startFrame + i × frameStep. */
  startFrame: number;
  stopFrame: number;
  frameStep: number;
}

/** The task frame's name for a video's source frame: `frame_000042.jpg`, as CVAT names a video's frames. */
export const videoFrameName = (sourceFrame: number): string => `frame_${String(sourceFrame).padStart(6, "0")}.jpg`;

/** A video file on local disk for the decoder (an upload spooled to a temporary file, or a file below IMPORT_ROOT). */
export interface VideoFile {
  /** The name it was uploaded or imported as. */
  name: string;
  path: string;
  sizeBytes: number;
  /** Removes a temporary copy (nothing for an imported file); called once the import is done, either way. */
  release(): Promise<void>;
}

/** Opens the video on demand; VIDEO_TOO_LARGE past `maxBytes`. */
export type VideoSource = (maxBytes: number) => Promise<VideoFile>;

/** What became of one frame of one job; stored once per (job, frame), so each outcome counts once. */
export interface NewFrameOutcome {
  jobId: string;
  frame: number;
  succeeded: boolean;
  /** A failed frame's FrameFailureCode (@prelabel/proto) or a hosted model's public hub code. */
  code?: string | null;
  reason?: string | null;
  shapeCount?: number;
  droppedAttributeValues?: number;
  unmappedDetections?: number;
  inferenceMs?: number | null;
  workerId?: string | null;
}

/** What an insert stored of an outcome: what the job's counters add up. */
export type StoredOutcome = Required<Pick<NewFrameOutcome, "frame" | "succeeded" | "droppedAttributeValues" | "unmappedDetections">>;

/** A frame the model could not annotate (`AutoAnnotationJob.failures`). */
export interface FrameFailure {
  frame: number;
  code: string;
  reason: string;
}

/** The code of a failed frame whose report carried none. */
export const UNKNOWN_FRAME_FAILURE = "UNKNOWN";

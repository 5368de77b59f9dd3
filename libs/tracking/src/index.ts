// Multi-object tracking (ByteTrack family) and MOT metrics: pure, no I/O.
export type { Box } from "./box.js";
export { solveAssignment } from "./assignment.js";
export type { AssignmentOptions } from "./assignment.js";
export { ByteTracker, DEFAULT_TRACKER_OPTIONS, trackDetections } from "./byte-tracker.js";
export type { Detection, TrackerOptions, TrackObservation, TrackOutput } from "./byte-tracker.js";
export { evaluateMot } from "./mot-metrics.js";
export type { MotFrame, MotObject, MotScores } from "./mot-metrics.js";

import type { Track, TrackShape } from "../../domain/track.js";
import type { TrackShapeElementType, TrackShapeType, TrackType } from "./track.type.js";

/** A track as resolvers pass it on: `label` and `shapes` are resolved on demand. */
export type TrackRoot = Omit<TrackType, "label" | "shapes">;
export type TrackShapeElementRoot = Omit<TrackShapeElementType, "label">;
export type TrackShapeRoot = Omit<TrackShapeType, "elements"> & { elements: TrackShapeElementRoot[] };

export function toTrackRoot(track: Track): TrackRoot {
  return {
    id: track.id,
    taskId: track.taskId,
    labelId: track.labelId,
    attributes: track.attributes,
    source: track.source,
    jobId: track.jobId,
    startFrame: track.startFrame,
    endFrame: track.endFrame,
  };
}

export function toTrackShapeRoot(taskId: string, shape: TrackShape): TrackShapeRoot {
  return {
    frame: shape.frame,
    type: shape.type,
    points: shape.points,
    keyframe: shape.keyframe,
    outside: shape.outside,
    occluded: shape.occluded,
    score: shape.score,
    elements: shape.elements.map((e) => ({ taskId, labelId: e.labelId, points: e.points, outside: e.outside, occluded: e.occluded })),
  };
}

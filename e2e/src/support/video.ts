import type { GraphQLTestClient } from "@prelabel/testing";
import type { Box, MotFrame } from "@prelabel/tracking";
import { connectionOf } from "./operations.js";

/** Video tasks and tracks as a frontend reads them (CONTRACT: addVideo, Task.video, Frame.timestampSeconds, Task.tracks). */
export const ADD_VIDEO = /* GraphQL */ `
  mutation AddVideo($taskId: ID!, $file: Upload!, $options: VideoImportOptions) {
    addVideo(taskId: $taskId, file: $file, options: $options) {
      id
      size
    }
  }
`;

export const VIDEO_TASK = /* GraphQL */ `
  query VideoTask($id: ID!) {
    task(id: $id) {
      id
      size
      video {
        fileName
        container
        codec
        width
        height
        fps
        durationSeconds
        rotation
        sourceFrameCount
        startFrame
        stopFrame
        frameStep
      }
      frames(first: 500) { ${connectionOf("index width height timestampSeconds")} }
    }
  }
`;

const TRACK_FIELDS = /* GraphQL */ `
  id startFrame endFrame source jobId
  label { name }
  attributes { name value }
  shapes { frame type points keyframe outside occluded score }
`;

export const TASK_TRACKS = /* GraphQL */ `
  query TaskTracks($id: ID!, $after: String, $frame: Int) {
    task(id: $id) {
      id
      tracks(first: 100, after: $after, frame: $frame) { ${connectionOf(TRACK_FIELDS)} }
    }
  }
`;

/** Every track of a task (those visible at `frame` when given), following the connection's pages. */
export async function allTracks(client: GraphQLTestClient, taskId: string, frame?: number): Promise<any[]> {
  const out: any[] = [];
  let after: string | undefined;
  for (;;) {
    const { task } = await client.must(TASK_TRACKS, { id: taskId, after, frame });
    out.push(...task.tracks.edges.map((e: any) => e.node));
    if (!task.tracks.pageInfo.hasNextPage) return out;
    after = task.tracks.pageInfo.endCursor;
  }
}

function emptyFrames(frameCount: number): { frame: number; objects: { id: string; box: Box }[] }[] {
  return Array.from({ length: frameCount }, (_, frame) => ({ frame, objects: [] }));
}

/** Tracks as MOT hypotheses: each keyframe that is not `outside` is the track's box on that frame (no interpolation). */
export function tracksAsMotFrames(tracks: any[], frameCount: number): MotFrame[] {
  const frames = emptyFrames(frameCount);
  for (const track of tracks) {
    for (const shape of track.shapes) {
      if (shape.outside || !shape.keyframe) continue;
      const [x1, y1, x2, y2] = shape.points as number[];
      frames[shape.frame].objects.push({ id: `track:${track.id}`, box: [x1, y1, x2, y2] });
    }
  }
  return frames;
}

/** Per-frame annotations as MOT hypotheses: every box its own identity (what a detector without tracking gives). */
export function annotationsAsMotFrames(annotations: any[], frameCount: number): MotFrame[] {
  const frames = emptyFrames(frameCount);
  for (const a of annotations) {
    if (a.type !== "RECTANGLE") continue;
    const [x1, y1, x2, y2] = a.points as number[];
    frames[a.frame].objects.push({ id: `annotation:${a.id}`, box: [x1, y1, x2, y2] });
  }
  return frames;
}

/** One track's shapes with interpolation on read (a shape per frame between keyframes). */
export async function trackShapes(client: GraphQLTestClient, taskId: string, trackId: string): Promise<any[]> {
  const tracks = await allTracksWith(client, taskId, "id shapes(interpolated: true) { frame points keyframe outside }");
  const track = tracks.find((t) => t.id === trackId);
  if (!track) throw new Error(`track ${trackId} not in task ${taskId}`);
  return track.shapes;
}

async function allTracksWith(client: GraphQLTestClient, taskId: string, fields: string): Promise<any[]> {
  const out: any[] = [];
  let after: string | undefined;
  for (;;) {
    const { task } = await client.must(
      `query($id: ID!, $after: String) { task(id: $id) { tracks(first: 100, after: $after) { ${connectionOf(fields)} } } }`,
      { id: taskId, after },
    );
    out.push(...task.tracks.edges.map((e: any) => e.node));
    if (!task.tracks.pageInfo.hasNextPage) return out;
    after = task.tracks.pageInfo.endCursor;
  }
}

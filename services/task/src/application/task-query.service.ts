import type { Annotation } from "../domain/annotation.js";
import type { LabelNode } from "../domain/label-types.js";
import { decodeCursor, encodeCursor, pageSize, type CursorKeys, type CursorKind } from "../domain/pagination.js";
import type { Frame, Task } from "../domain/task.js";
import type { TaskVideo } from "../domain/task-video.js";
import type { Track, TrackShape } from "../domain/track.js";
import type { AnnotationRepository } from "../persistence/annotation.repository.js";
import type { Page, TaskRepository } from "../persistence/task.repository.js";
import type { TrackRepository } from "../persistence/track.repository.js";

/** What a client asks of a forward-only connection: `first` (default 50, at most 500) after an opaque cursor. */
export interface PageRequest {
  first?: number | null;
  after?: string | null;
}

/** One page: each node with the cursor that continues after it. */
export interface CursorPage<T> {
  edges: { node: T; cursor: string }[];
  hasNextPage: boolean;
}

export interface TaskQueryDeps {
  tasks: Pick<TaskRepository, "findById" | "page" | "count" | "framesPage" | "labelTrees" | "videos">;
  annotations: Pick<AnnotationRepository, "page" | "count" | "elementsOf">;
  tracks: Pick<TrackRepository, "page" | "count" | "keyframesOf">;
}

/**
 * What the GraphQL API reads: the tenant's tasks, their frames, labels and annotations. Another tenant's task reads
 * as an unknown one: null, an empty page, no labels. A bad `first` or cursor is BAD_USER_INPUT.
 */
export class TaskQueryService {
  constructor(private readonly deps: TaskQueryDeps) {}

  find(tenantId: string, taskId: string): Promise<Task | null> {
    return this.deps.tasks.findById(tenantId, taskId);
  }

  /** Newest first. */
  tasksPage(tenantId: string, request: PageRequest): Promise<CursorPage<Task>> {
    const load = (size: number, after: CursorKeys["task"] | null) => this.deps.tasks.page(tenantId, size, after);
    return cursorPage("task", request, load, (t) => ({ createdAt: t.createdAt.getTime(), id: t.id }));
  }

  /** The tenant's video tasks' videos by task id (image tasks, unknown and other tenants' tasks: absent). */
  videos(tenantId: string, taskIds: readonly string[]): Promise<Map<string, TaskVideo>> {
    return this.deps.tasks.videos(tenantId, taskIds);
  }

  countTasks(tenantId: string): Promise<number> {
    return this.deps.tasks.count(tenantId);
  }

  framesPage(tenantId: string, taskId: string, request: PageRequest): Promise<CursorPage<Frame>> {
    const load = (size: number, after: CursorKeys["frame"] | null) => this.deps.tasks.framesPage(tenantId, taskId, size, after);
    return cursorPage("frame", request, load, (f) => ({ index: f.index }));
  }

  /** One frame by index; null when the task (of this tenant) has none at that index. */
  async frame(tenantId: string, taskId: string, index: number): Promise<Frame | null> {
    if (!Number.isInteger(index) || index < 0) return null;
    const page = await this.deps.tasks.framesPage(tenantId, taskId, 1, index > 0 ? { index: index - 1 } : null);
    const frame = page.rows[0];
    return frame?.index === index ? frame : null;
  }

  /** Top-level annotations (of one frame when `frame` is set) by frame, then insertion order. */
  annotationsPage(tenantId: string, taskId: string, frame: number | null, request: PageRequest): Promise<CursorPage<Annotation>> {
    const load = (size: number, after: CursorKeys["annotation"] | null) => this.deps.annotations.page(tenantId, taskId, frame, size, after);
    return cursorPage("annotation", request, load, (a) => ({ frame: a.frame, seq: a.seq }));
  }

  countAnnotations(tenantId: string, taskId: string, frame: number | null): Promise<number> {
    return this.deps.annotations.count(tenantId, taskId, frame);
  }

  /** Tracks (only those visible at `frame` when it is set) by first frame, then insertion order. */
  tracksPage(tenantId: string, taskId: string, frame: number | null, request: PageRequest): Promise<CursorPage<Track>> {
    const load = (size: number, after: CursorKeys["track"] | null) => this.deps.tracks.page(tenantId, taskId, frame, size, after);
    return cursorPage("track", request, load, (t) => ({ startFrame: t.startFrame, seq: t.seq }));
  }

  countTracks(tenantId: string, taskId: string, frame: number | null): Promise<number> {
    return this.deps.tracks.count(tenantId, taskId, frame);
  }

  /** Each track's keyframes, for a batch of tracks (one request's loader). */
  trackKeyframes(tenantId: string, trackIds: readonly string[]): Promise<Map<string, TrackShape[]>> {
    return this.deps.tracks.keyframesOf(tenantId, trackIds);
  }

  /** Each task's label tree, for a batch of tasks (one request's loader). */
  labelTrees(tenantId: string, taskIds: readonly string[]): Promise<Map<string, LabelNode[]>> {
    return this.deps.tasks.labelTrees(tenantId, taskIds);
  }

  /** Each skeleton annotation's elements, for a batch of skeletons (one request's loader). */
  annotationElements(tenantId: string, parentIds: readonly string[]): Promise<Map<string, Annotation[]>> {
    return this.deps.annotations.elementsOf(tenantId, parentIds);
  }
}

/** Checks the page size, then the cursor (of this connection's kind only), loads the page and gives each node its cursor. */
async function cursorPage<K extends CursorKind, T>(
  kind: K,
  request: PageRequest,
  load: (size: number, after: CursorKeys[K] | null) => Promise<Page<T>>,
  keysOf: (node: T) => CursorKeys[K],
): Promise<CursorPage<T>> {
  const size = pageSize(request.first);
  const after = request.after != null ? decodeCursor(kind, request.after) : null;
  const page = await load(size, after);
  return { edges: page.rows.map((node) => ({ node, cursor: encodeCursor(kind, keysOf(node)) })), hasNextPage: page.hasNextPage };
}

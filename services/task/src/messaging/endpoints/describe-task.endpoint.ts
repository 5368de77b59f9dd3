import type { Subscription } from "@nats-io/transport-node";
import { EndpointError, type Messaging } from "@prelabel/messaging";
import { ErrorCode, messageTenant } from "@prelabel/service-kit";
import { create, DescribeTaskReplySchema, Endpoints, toBinary, type DescribeTaskReply, type DescribeTaskRequest } from "@prelabel/proto";
import type { Frame } from "../../domain/task.js";
import type { TaskRepository } from "../../persistence/task.repository.js";
import { labelToProto } from "../proto.mapper.js";

/** NATS's default max_payload, when the server did not say. */
const DEFAULT_MAX_PAYLOAD = 1024 * 1024;

/**
 * The most frames one paged reply carries, whatever `frame_limit` asks for. A FrameRef takes about
 * 90 bytes (a 71-character object name, index, width, height), so a full page is ~180 KB and fits
 * NATS's default 1 MB max_payload with room to spare for the labels.
 */
export const MAX_FRAMES_PER_PAGE = 2_000;

/**
 * `task.v1.describe-task`: the task's labels (with ids) and the frames of the inclusive range (all
 * when unset). `omit_frames` leaves the frames out; `frame_limit` pages them (at most
 * MAX_FRAMES_PER_PAGE a reply, `next_frame_start` says where the next page starts). Unknown task →
 * NOT_FOUND; a reply too big for one NATS message → PAYLOAD_TOO_LARGE (only possible without
 * `frame_limit`, or with an enormous label schema).
 */
export function serveDescribeTask(messaging: Messaging, tasks: TaskRepository, onError: (err: unknown) => void): Subscription {
  return messaging.serve(
    Endpoints.describeTask,
    async (request) => {
      // Another tenant's task is NOT_FOUND, exactly like an unknown id.
      const task = await tasks.findById(messageTenant(request.tenantId), request.taskId);
      if (!task) throw new EndpointError(ErrorCode.NotFound, `Task ${request.taskId} does not exist`);
      const [trees, page] = await Promise.all([tasks.labelTreesInAnyTenant([task.id]), framePage(tasks, task.id, request)]);
      const reply: DescribeTaskReply = create(DescribeTaskReplySchema, {
        taskId: task.id,
        name: task.name,
        size: task.size,
        labels: (trees.get(task.id) ?? []).map(labelToProto),
        frames: page.frames.map((f) => ({ index: f.index, objectName: f.objectName, width: f.width ?? 0, height: f.height ?? 0 })),
        ...(page.nextFrameStart !== undefined ? { nextFrameStart: page.nextFrameStart } : {}),
      });
      const limit = messaging.nc.info?.max_payload ?? DEFAULT_MAX_PAYLOAD;
      const bytes = toBinary(DescribeTaskReplySchema, reply).byteLength;
      if (bytes > limit) {
        throw new EndpointError(
          ErrorCode.PayloadTooLarge,
          `Describing ${page.frames.length} frames takes ${bytes} bytes, more than the ${limit} a NATS message may carry: page the frames with frame_limit`,
        );
      }
      return reply;
    },
    onError,
  );
}

/** The frames one reply carries: none, one page, or (without `frame_limit`) the whole range. */
async function framePage(
  tasks: TaskRepository,
  taskId: string,
  request: DescribeTaskRequest,
): Promise<{ frames: Frame[]; nextFrameStart?: number }> {
  if (request.omitFrames) return { frames: [] };
  if (request.frameLimit === undefined)
    return { frames: await tasks.framesInRangeInAnyTenant(taskId, request.frameStart, request.frameStop) };
  const pageSize = pageSizeFor(request.frameLimit);
  // One row more than the page tells whether (and where) the range goes on.
  const rows = await tasks.framesInRangeInAnyTenant(taskId, request.frameStart, request.frameStop, pageSize + 1);
  return rows.length > pageSize ? { frames: rows.slice(0, pageSize), nextFrameStart: rows[pageSize].index } : { frames: rows };
}

/** The frames a page holds for a requested `frame_limit`: at least 1, at most MAX_FRAMES_PER_PAGE; 0 or less means the maximum. */
export function pageSizeFor(frameLimit: number): number {
  return frameLimit > 0 ? Math.min(frameLimit, MAX_FRAMES_PER_PAGE) : MAX_FRAMES_PER_PAGE;
}

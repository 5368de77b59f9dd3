import type { Messaging } from "@prelabel/messaging";
import { create, DescribeTaskRequestSchema, Endpoints, type DescribeTaskReply, type Label } from "@prelabel/proto";
import { AppError, ErrorCode } from "@prelabel/service-kit";
import type { FrameRange } from "../domain/frame-range.js";
import type { TaskDescription, TaskFrame, TaskLabel } from "../domain/labels.js";
import { attributeSpecOf, shapeKindOf } from "./labels.mapper.js";
import { toAppError } from "./remote-error.mapper.js";

/** What annotation-job asks of the task service. */
export interface TaskDirectory {
  /**
   * The task's name, size and labels, without its frames.
   * Throws AppError NOT_FOUND for an unknown task or another tenant's, SERVICE_UNAVAILABLE when the task service cannot answer.
   */
  describeTask(tenantId: string, taskId: string): Promise<TaskDescription>;
  /** The task's frames in the inclusive range, ascending by index; throws as describeTask does. */
  listFrames(tenantId: string, taskId: string, range: FrameRange): Promise<TaskFrame[]>;
}

/**
 * Frames asked for per describe-task reply. The task service clamps pages to what fits one NATS
 * message (2,000 frames); the client follows `next_frame_start`, so a smaller clamp is fine too.
 */
export const FRAME_PAGE_SIZE = 2_000;

/**
 * TaskDirectory over NATS request/reply (`task.v1.describe-task`): labels alone with
 * `omit_frames`, frames page by page with `frame_limit` / `next_frame_start`, so no reply
 * outgrows NATS's max_payload however many frames the task has.
 */
export class NatsTaskDirectory implements TaskDirectory {
  constructor(
    private readonly messaging: Pick<Messaging, "request">,
    private readonly timeoutMs = 5_000,
    private readonly pageSize = FRAME_PAGE_SIZE,
  ) {}

  async describeTask(tenantId: string, taskId: string): Promise<TaskDescription> {
    const reply = await this.request(tenantId, taskId, { omitFrames: true });
    return { id: reply.taskId || taskId, name: reply.name, size: reply.size, labels: reply.labels.map(taskLabelOf) };
  }

  async listFrames(tenantId: string, taskId: string, range: FrameRange): Promise<TaskFrame[]> {
    const frames: TaskFrame[] = [];
    let start = range.start;
    for (;;) {
      const reply = await this.request(tenantId, taskId, { frameStart: start, frameStop: range.stop, frameLimit: this.pageSize });
      for (const f of reply.frames) frames.push({ index: f.index, objectName: f.objectName });
      // Unset: the range is done (also what a task service without paging answers, all frames at once).
      const next = reply.nextFrameStart;
      if (next === undefined || next > range.stop) return frames;
      if (next <= start) {
        throw new AppError(
          ErrorCode.ServiceUnavailable,
          `The task service answered a frame page of task ${taskId} that does not advance (from ${start} to ${next}); try again shortly.`,
        );
      }
      start = next;
    }
  }

  private async request(
    tenantId: string,
    taskId: string,
    init: { omitFrames?: boolean; frameStart?: number; frameStop?: number; frameLimit?: number },
  ): Promise<DescribeTaskReply> {
    try {
      return await this.messaging.request(
        Endpoints.describeTask,
        create(DescribeTaskRequestSchema, { taskId, tenantId, ...init }),
        this.timeoutMs,
      );
    } catch (err) {
      throw toAppError(err, "task service", `Task ${taskId} was not found.`);
    }
  }
}

function taskLabelOf(label: Label): TaskLabel {
  return {
    id: label.id,
    name: label.name,
    type: shapeKindOf(label.type),
    attributes: label.attributes.map(attributeSpecOf),
    sublabels: label.sublabels.map(taskLabelOf),
  };
}

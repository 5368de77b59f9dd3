import type { Messaging } from "@prelabel/messaging";
import { create, DescribeTaskRequestSchema, Endpoints, type Label } from "@prelabel/proto";
import type { FrameRange } from "../domain/frame-range.js";
import type { TaskDescription, TaskLabel } from "../domain/labels.js";
import { attributeSpecOf, shapeKindOf } from "./label-conversion.js";
import { toAppError } from "./remote-errors.js";

/** What annotation-job asks of the task service. */
export interface TaskDirectory {
  /** Throws AppError NOT_FOUND for an unknown task, SERVICE_UNAVAILABLE when the task service cannot answer. */
  describeTask(taskId: string, range?: FrameRange): Promise<TaskDescription>;
}

/** TaskDirectory over NATS request/reply (`task.v1.describe-task`). */
export class NatsTaskDirectory implements TaskDirectory {
  constructor(
    private readonly messaging: Pick<Messaging, "request">,
    private readonly timeoutMs = 5_000,
  ) {}

  async describeTask(taskId: string, range?: FrameRange): Promise<TaskDescription> {
    let reply;
    try {
      reply = await this.messaging.request(
        Endpoints.describeTask,
        create(DescribeTaskRequestSchema, { taskId, ...(range ? { frameStart: range.start, frameStop: range.stop } : {}) }),
        this.timeoutMs,
      );
    } catch (err) {
      throw toAppError(err, "task service", `Task ${taskId} was not found.`);
    }
    return {
      id: reply.taskId || taskId,
      name: reply.name,
      size: reply.size,
      labels: reply.labels.map(taskLabelOf),
      frames: reply.frames.map((f) => ({ index: f.index, objectName: f.objectName })),
    };
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

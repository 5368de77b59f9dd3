import type { Subscription } from "@nats-io/transport-node";
import { EndpointError, type Messaging } from "@prelabel/messaging";
import { create, DescribeTaskReplySchema, Endpoints, toBinary, type DescribeTaskReply } from "@prelabel/proto";
import type { TaskRepository } from "../persistence/task.repository.js";
import { labelToProto } from "./proto-mapping.js";

/** NATS's default max_payload, when the server did not say. */
const DEFAULT_MAX_PAYLOAD = 1024 * 1024;

/**
 * `task.v1.describe-task`: the task's labels (with ids) and the frames of the inclusive range
 * (all when unset). Unknown task → NOT_FOUND; a reply too big for one NATS message → PAYLOAD_TOO_LARGE
 * (ask for a smaller range).
 */
export function serveDescribeTask(messaging: Messaging, tasks: TaskRepository, onError: (err: unknown) => void): Subscription {
  return messaging.serve(
    Endpoints.describeTask,
    async (request) => {
      const task = await tasks.findById(request.taskId);
      if (!task) throw new EndpointError("NOT_FOUND", `Task ${request.taskId} does not exist`);
      const [trees, frames] = await Promise.all([
        tasks.labelTrees([task.id]),
        tasks.framesInRange(task.id, request.frameStart, request.frameStop),
      ]);
      const reply: DescribeTaskReply = create(DescribeTaskReplySchema, {
        taskId: task.id,
        name: task.name,
        size: task.size,
        labels: (trees.get(task.id) ?? []).map(labelToProto),
        frames: frames.map((f) => ({ index: f.index, objectName: f.objectName, width: f.width ?? 0, height: f.height ?? 0 })),
      });
      const limit = messaging.nc.info?.max_payload ?? DEFAULT_MAX_PAYLOAD;
      const bytes = toBinary(DescribeTaskReplySchema, reply).byteLength;
      if (bytes > limit) {
        throw new EndpointError(
          "PAYLOAD_TOO_LARGE",
          `Describing ${frames.length} frames takes ${bytes} bytes, more than the ${limit} a NATS message may carry: ask for a smaller frame range`,
        );
      }
      return reply;
    },
    onError,
  );
}

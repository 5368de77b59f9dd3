import type { Subscription } from "@nats-io/transport-node";
import { EndpointError, type Messaging } from "@prelabel/messaging";
import { ErrorCode, messageTenant } from "@prelabel/service-kit";
import { create, Endpoints, FrameAnnotationsSchema, ListAnnotationsReplySchema, toBinary, type FrameAnnotations } from "@prelabel/proto";
import type { AnnotationListReader } from "../../persistence/annotation-list.reader.js";
import type { TaskRepository } from "../../persistence/task.repository.js";
import { storedShapeToProto } from "../proto.mapper.js";

/** The most frames one request may name, and one reply answers. */
export const MAX_LIST_FRAMES = 5_000;

/** NATS's default max_payload, when the server did not say. */
const DEFAULT_MAX_PAYLOAD = 1024 * 1024;
/** Bytes kept free of frames in a reply: NATS headers and protobuf framing. */
const REPLY_HEADROOM = 4_096;

/**
 * `task.v1.list-annotations`: a task's stored annotations per frame, MANUAL ones unless `manual_only` is false (an
 * evaluation's ground truth). The frames asked for (at most MAX_LIST_FRAMES, else BAD_USER_INPUT), or with none the
 * frames having at least one MANUAL annotation from `start_frame` on (the first MAX_LIST_FRAMES). A reply holds what
 * fits one NATS message: the frames past it (or past MAX_LIST_FRAMES) are left for the next request (`truncated`).
 * Unknown task and another tenant's alike → NOT_FOUND; one frame whose shapes alone do not fit → PAYLOAD_TOO_LARGE.
 */
export function serveListAnnotations(
  messaging: Messaging,
  tasks: Pick<TaskRepository, "findById">,
  reader: AnnotationListReader,
  onError: (err: unknown) => void,
): Subscription {
  return messaging.serve(
    Endpoints.listAnnotations,
    async (request) => {
      if (request.frames.length > MAX_LIST_FRAMES) {
        throw new EndpointError(
          ErrorCode.BadUserInput,
          `${request.frames.length} frames in one request, more than the ${MAX_LIST_FRAMES} allowed: ask for them in parts`,
        );
      }
      const task = await tasks.findById(messageTenant(request.tenantId), request.taskId);
      if (!task) throw new EndpointError(ErrorCode.NotFound, `Task ${request.taskId} does not exist`);
      const manualOnly = request.manualOnly ?? true;
      let frames: number[];
      let truncated = false;
      if (request.frames.length) frames = request.frames;
      else {
        // One frame more than a reply answers tells whether more frames have manual annotations.
        frames = await reader.framesWithManualAnnotations(task.id, Math.max(0, request.startFrame), MAX_LIST_FRAMES + 1);
        truncated = frames.length > MAX_LIST_FRAMES;
        frames = frames.slice(0, MAX_LIST_FRAMES);
      }
      const listed = await reader.shapesOf(task.id, frames, manualOnly);

      const budget = (messaging.nc.info?.max_payload ?? DEFAULT_MAX_PAYLOAD) - REPLY_HEADROOM;
      const answered: FrameAnnotations[] = [];
      let bytes = 0;
      for (const { frame, shapes } of listed) {
        const message = create(FrameAnnotationsSchema, { frame, shapes: shapes.map(storedShapeToProto) });
        // The frame's bytes plus its field tag and length prefix (at most 6 bytes).
        const size = toBinary(FrameAnnotationsSchema, message).byteLength + 6;
        if (bytes + size > budget) {
          if (!answered.length) {
            throw new EndpointError(
              ErrorCode.PayloadTooLarge,
              `Frame ${frame}'s annotations take ${size} bytes, more than a NATS message of ${budget + REPLY_HEADROOM} bytes carries`,
            );
          }
          truncated = true;
          break;
        }
        bytes += size;
        answered.push(message);
      }
      return create(ListAnnotationsReplySchema, { frames: answered, truncated });
    },
    onError,
  );
}

import type { Messaging } from "@prelabel/messaging";
import { create, Endpoints, ListAnnotationsRequestSchema, type ShapeType } from "@prelabel/proto";
import type { EvalShape } from "../domain/evaluation-geometry.js";
import { shapeKindOf } from "./labels.mapper.js";
import { toAppError } from "./remote-error.mapper.js";

/** What an evaluation asks of the task service: the manual annotations it compares a model with. */
export interface TaskAnnotations {
  /**
   * MANUAL annotations of the task per frame. `frames` given: those frames (a frame without annotations is absent from
   * the map); null: every frame that has at least one, up to `max` frames. Throws AppError NOT_FOUND for an unknown
   * task or another tenant's, SERVICE_UNAVAILABLE when the task service cannot answer.
   */
  manualAnnotations(tenantId: string, taskId: string, frames: readonly number[] | null, max: number): Promise<Map<number, EvalShape[]>>;
}

/** Frames asked for per request (the endpoint answers at most 5,000; it may stop earlier and say so: `truncated`). */
export const ANNOTATION_PAGE_FRAMES = 5_000;

/** TaskAnnotations over NATS request/reply (`task.v1.list-annotations`), following truncated replies page by page. */
export class NatsTaskAnnotations implements TaskAnnotations {
  constructor(
    private readonly messaging: Pick<Messaging, "request">,
    private readonly timeoutMs = 10_000,
  ) {}

  async manualAnnotations(
    tenantId: string,
    taskId: string,
    frames: readonly number[] | null,
    max: number,
  ): Promise<Map<number, EvalShape[]>> {
    const found = new Map<number, EvalShape[]>();
    if (frames) {
      let rest = [...frames].sort((a, b) => a - b);
      while (rest.length) {
        const ask = rest.slice(0, ANNOTATION_PAGE_FRAMES);
        const reply = await this.request(tenantId, taskId, { frames: ask });
        let last = -1;
        for (const f of reply.frames) {
          last = Math.max(last, f.frame);
          if (f.shapes.length) found.set(f.frame, f.shapes.map(toEvalShape));
        }
        if (!reply.truncated) rest = rest.slice(ask.length);
        else if (last < 0) throw toAppError(new Error("list-annotations answered an empty truncated page"), "task service", "");
        else rest = rest.filter((f) => f > last);
      }
      return found;
    }
    let startFrame = 0;
    for (;;) {
      const reply = await this.request(tenantId, taskId, { startFrame });
      let last = -1;
      for (const f of reply.frames) {
        last = Math.max(last, f.frame);
        if (f.shapes.length && found.size < max) found.set(f.frame, f.shapes.map(toEvalShape));
      }
      if (!reply.truncated || found.size >= max || last < startFrame) return found;
      startFrame = last + 1;
    }
  }

  private async request(tenantId: string, taskId: string, init: { frames?: number[]; startFrame?: number }) {
    try {
      return await this.messaging.request(
        Endpoints.listAnnotations,
        create(ListAnnotationsRequestSchema, { tenantId, taskId, manualOnly: true, ...init }),
        this.timeoutMs,
      );
    } catch (err) {
      throw toAppError(err, "task service", `Task ${taskId} was not found.`);
    }
  }
}

/** task.v1.StoredShape and annotation.v1.Shape alike (the same fields): what the task stores and what a worker returns. */
export interface WireShape {
  labelId: string;
  type: ShapeType;
  points: number[];
  mask?: { counts: number[]; left: number; top: number; right: number; bottom: number };
  score?: number;
  elements: WireShape[];
  outside: boolean;
}

/** A shape as plain data (a skeleton's points keep their sublabel ids). */
export function toEvalShape(s: WireShape): EvalShape {
  return {
    labelId: s.labelId,
    type: shapeKindOf(s.type),
    points: [...s.points],
    ...(s.mask
      ? { mask: { counts: [...s.mask.counts], left: s.mask.left, top: s.mask.top, right: s.mask.right, bottom: s.mask.bottom } }
      : {}),
    // Scores travel as float32 (0.3 arrives as 0.30000001192092896): seven significant digits is all they hold.
    ...(s.score !== undefined ? { score: Number(s.score.toPrecision(7)) } : {}),
    elements: s.elements.map(toEvalShape),
    outside: s.outside,
  };
}

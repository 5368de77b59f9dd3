import { AppError, ErrorCode } from "@prelabel/service-kit";
import type { Annotation } from "../domain/annotation.js";
import type { AnnotationEdits, EditOutcome } from "../domain/annotation-edit.js";
import {
  validateShape,
  type AnnotationLimits,
  type AnnotationProblem,
  type FrameSize,
  type ShapeDraft,
} from "../domain/annotation-validation.js";
import { TaskErrors } from "../domain/task.errors.js";
import type { AnnotationEditRepository } from "../persistence/annotation-edit.repository.js";
import type { TaskRepository } from "../persistence/task.repository.js";

/** A shape to add to a frame. */
export type AnnotationCreateDraft = ShapeDraft & { frame: number };

/** A whole new shape for an existing annotation (its frame stays); `version`: the annotation's as read, null: unchecked. */
export type AnnotationUpdateDraft = ShapeDraft & { id: string; version: number | null };

export interface SaveAnnotationsRequest {
  /** The task's annotationsVersion as read; null: unchecked. */
  expectedVersion: number | null;
  create: AnnotationCreateDraft[];
  update: AnnotationUpdateDraft[];
  delete: string[];
}

export interface SaveAnnotationsResult {
  /** The task's annotationsVersion after this save: the next save's `expectedVersion`. */
  annotationsVersion: number;
  /** In the order of `create`. */
  created: Annotation[];
  /** In the order of `update`. */
  updated: Annotation[];
  deleted: string[];
  /** Coordinates moved onto their frame's edge (mask box edges cropped), over every shape saved. */
  clippedCoordinates: number;
  /** Shapes with at least one clipped coordinate. */
  clippedShapes: number;
}

export interface SaveAnnotationsLimits extends AnnotationLimits {
  /** Created, updated and deleted annotations in one save (SAVE_ANNOTATIONS_MAX_ITEMS). */
  maxItems: number;
}

export const DEFAULT_SAVE_ANNOTATIONS_LIMITS: SaveAnnotationsLimits = { maxItems: 1_000, maxPointsPerShape: 10_000 };

/** How many problems an INVALID_ANNOTATION error lists (`details.total` counts them all). */
export const MAX_LISTED_PROBLEMS = 100;

export interface AnnotationEditDeps {
  tasks: Pick<TaskRepository, "findById" | "labelTrees">;
  edits: Pick<AnnotationEditRepository, "framesOf" | "frameSizes" | "apply">;
  limits: SaveAnnotationsLimits;
}

/**
 * saveAnnotations: manual edits to a task's annotations, validated against the task's label schema and frames
 * (domain/annotation-validation.ts), then applied whole or not at all (AnnotationEditRepository).
 */
export class AnnotationEditService {
  constructor(private readonly deps: AnnotationEditDeps) {}

  /**
   * TOO_MANY_ANNOTATIONS over the item limit; NOT_FOUND for an unknown task and another tenant's alike;
   * INVALID_ANNOTATION listing every problem (`create[2].points`, `update[0].attributes[1].value`, a frame the task does
   * not have, an id given twice); then CONFLICT (stale versions, annotations gone) or ANNOTATIONS_BUSY (a job commit
   * held the task past the lock wait). Nothing is applied on any error.
   */
  async save(tenantId: string, taskId: string, request: SaveAnnotationsRequest): Promise<SaveAnnotationsResult> {
    const { limits } = this.deps;
    const items = request.create.length + request.update.length + request.delete.length;
    if (items > limits.maxItems) throw TaskErrors.tooManyAnnotations(items, limits.maxItems);
    if (request.expectedVersion !== null && !(Number.isInteger(request.expectedVersion) && request.expectedVersion >= 0)) {
      throw new AppError(ErrorCode.BadUserInput, '"expectedVersion" is a whole number >= 0');
    }
    const task = await this.deps.tasks.findById(tenantId, taskId);
    if (!task) throw TaskErrors.taskNotFound(taskId);
    if (items === 0)
      return {
        annotationsVersion: task.annotationsVersion,
        created: [],
        updated: [],
        deleted: [],
        clippedCoordinates: 0,
        clippedShapes: 0,
      };

    const labels = (await this.deps.tasks.labelTrees(tenantId, [taskId])).get(taskId) ?? [];
    const problems: AnnotationProblem[] = [];
    const seen = new Map<string, string>();
    const once = (id: string, at: string) => {
      const first = seen.get(id);
      if (first !== undefined)
        problems.push({ path: at, message: `annotation ${id} is already ${first}: one change per annotation and save` });
      else seen.set(id, at);
    };
    request.update.forEach((u, i) => once(u.id, `update[${i}].id`));
    request.delete.forEach((id, i) => once(id, `delete[${i}]`));
    request.create.forEach((c, i) => {
      if (!Number.isInteger(c.frame) || c.frame < 0 || c.frame >= task.size) {
        problems.push({ path: `create[${i}].frame`, message: `the task has frames 0 to ${task.size - 1}, not ${c.frame}` });
      }
    });

    // An update keeps its annotation's frame; one that is gone is validated without a frame and refused by apply.
    const updateFrames = await this.deps.edits.framesOf(
      tenantId,
      taskId,
      request.update.map((u) => u.id),
    );
    const frames = [...request.create.map((c) => c.frame), ...updateFrames.values()];
    const sizes = await this.deps.edits.frameSizes(
      tenantId,
      taskId,
      frames.filter((f) => Number.isInteger(f) && f >= 0),
    );
    const unknownSize: FrameSize = { width: null, height: null };

    let clippedCoordinates = 0;
    let clippedShapes = 0;
    const validate = (draft: ShapeDraft, frame: number | undefined, at: string) => {
      const result = validateShape(labels, (frame !== undefined && sizes.get(frame)) || unknownSize, draft, limits);
      if (!result.ok) {
        problems.push(...result.problems.map((p) => ({ path: `${at}.${p.path}`, message: p.message })));
        return null;
      }
      clippedCoordinates += result.clippedCoordinates;
      if (result.clippedCoordinates) clippedShapes += 1;
      // A save is someone's drawing: a score comes only with an edited model shape, and the stored one is kept.
      return { ...result.shape, score: null };
    };
    const edits: AnnotationEdits = { expectedVersion: request.expectedVersion, create: [], update: [], delete: request.delete };
    request.create.forEach((c, i) => {
      const shape = validate(c, c.frame, `create[${i}]`);
      if (shape) edits.create.push({ frame: c.frame, shape });
    });
    request.update.forEach((u, i) => {
      const shape = validate(u, updateFrames.get(u.id), `update[${i}]`);
      if (shape) edits.update.push({ id: u.id, version: u.version, shape });
    });
    if (problems.length) throw TaskErrors.invalidAnnotations(problems.slice(0, MAX_LISTED_PROBLEMS), problems.length);

    const outcome = await this.deps.edits.apply(tenantId, taskId, edits);
    return { ...savedOrThrow(taskId, outcome), clippedCoordinates, clippedShapes };
  }
}

function savedOrThrow(taskId: string, outcome: EditOutcome): Omit<SaveAnnotationsResult, "clippedCoordinates" | "clippedShapes"> {
  switch (outcome.kind) {
    case "saved":
      return {
        annotationsVersion: outcome.annotationsVersion,
        created: outcome.created,
        updated: outcome.updated,
        deleted: outcome.deleted,
      };
    case "missing-task":
      throw TaskErrors.taskNotFound(taskId);
    case "busy":
      throw TaskErrors.annotationsBusy(taskId);
    case "stale-task":
      throw TaskErrors.annotationsConflict(
        `The task's annotations changed since version ${outcome.expectedVersion} (now ${outcome.currentVersion})`,
        { expectedVersion: outcome.expectedVersion, currentVersion: outcome.currentVersion },
      );
    case "missing-annotations":
      throw TaskErrors.annotationsConflict(`Annotation ${outcome.ids[0]} is not in the task (deleted since read?)`, {
        missing: outcome.ids,
      });
    case "stale-annotations": {
      const [first] = outcome.annotations;
      throw TaskErrors.annotationsConflict(
        `Annotation ${first.id} changed since version ${first.expectedVersion} (now ${first.currentVersion})`,
        { stale: outcome.annotations },
      );
    }
  }
}

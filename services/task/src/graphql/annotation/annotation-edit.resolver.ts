import { callerTenant } from "@prelabel/service-kit";
import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Resolver } from "type-graphql";
import type {
  AnnotationEditService,
  AnnotationCreateDraft,
  AnnotationUpdateDraft,
  SaveAnnotationsRequest,
} from "../../application/annotation-edit.service.js";
import type { ShapeDraft } from "../../domain/annotation-validation.js";
import type { TaskContext } from "../common/context.js";
import { SaveAnnotationsInput, type ShapeInput } from "./annotation-edit.input.js";
import { toAnnotationRoot, type AnnotationRoot } from "./annotation.mapper.js";
import { AnnotationType } from "./annotation.type.js";

@ObjectType("SaveAnnotationsResult")
export class SaveAnnotationsResultType {
  @Field(() => Int, { description: "The task's annotationsVersion after the save: the next save's expectedVersion." })
  annotationsVersion: number;

  @Field(() => [AnnotationType], { description: "In the order of input.create." })
  created: AnnotationRoot[];

  @Field(() => [AnnotationType], { description: "In the order of input.update." })
  updated: AnnotationRoot[];

  @Field(() => [ID])
  deleted: string[];

  @Field(() => Int, { description: "Coordinates moved onto their frame's edge (a mask's box edges cropped)." })
  clippedCoordinates: number;

  @Field(() => Int, { description: "Shapes with at least one clipped coordinate." })
  clippedShapes: number;
}

@Resolver()
export class AnnotationEditResolver {
  constructor(private readonly edits: AnnotationEditService) {}

  @Mutation(() => SaveAnnotationsResultType, {
    description:
      "Creates, updates and deletes a task's annotations in one transaction, as MANUAL shapes validated against the task's labels and frames; nothing is saved on any error (INVALID_ANNOTATION, CONFLICT, ANNOTATIONS_BUSY, TOO_MANY_ANNOTATIONS, NOT_FOUND).",
  })
  async saveAnnotations(
    @Arg("taskId", () => ID) taskId: string,
    @Arg("input", () => SaveAnnotationsInput) input: SaveAnnotationsInput,
    @Ctx() context: TaskContext,
  ): Promise<SaveAnnotationsResultType> {
    const request: SaveAnnotationsRequest = {
      expectedVersion: input.expectedVersion ?? null,
      create: (input.create ?? []).map((c): AnnotationCreateDraft => ({ ...toShapeDraft(c), frame: c.frame })),
      update: (input.update ?? []).map((u): AnnotationUpdateDraft => ({ ...toShapeDraft(u), id: u.id, version: u.version ?? null })),
      delete: input.delete ?? [],
    };
    const result = await this.edits.save(callerTenant(context), taskId, request);
    return {
      ...result,
      created: result.created.map(toAnnotationRoot),
      updated: result.updated.map(toAnnotationRoot),
    };
  }
}

function toShapeDraft(input: ShapeInput): ShapeDraft {
  return {
    labelId: input.labelId,
    type: input.type ?? null,
    points: input.points ?? [],
    mask: input.mask ? { ...input.mask, counts: input.mask.counts } : null,
    attributes: (input.attributes ?? []).map((a) => ({ name: a.name, value: a.value })),
    occluded: input.occluded ?? false,
    outside: input.outside ?? false,
    elements: (input.elements ?? []).map((e) => ({
      labelId: e.labelId,
      points: e.points,
      attributes: (e.attributes ?? []).map((a) => ({ name: a.name, value: a.value })),
      occluded: e.occluded ?? false,
      outside: e.outside ?? false,
    })),
  };
}

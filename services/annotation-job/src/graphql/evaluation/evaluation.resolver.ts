import { callerTenant } from "@prelabel/service-kit";
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { DEFAULT_EVALUATIONS_PER_TASK, MAX_EVALUATIONS_PER_TASK, type EvaluationService } from "../../application/evaluation.service.js";
import { toMappingRequest } from "../auto-annotation-job/auto-annotation-job.mapper.js";
import { toLabelThresholdRequests, toTilingRequest } from "../auto-annotation-job/run-options.mapper.js";
import { ModelType } from "../model/model.type.js";
import { TaskType } from "../task/task.type.js";
import { EvaluateModelInput } from "./evaluate-model.input.js";
import { toEvaluationType } from "./evaluation.mapper.js";
import { EvaluationType } from "./evaluation.type.js";

@Resolver(() => EvaluationType)
export class EvaluationResolver {
  constructor(private readonly evaluations: EvaluationService) {}

  @Query(() => EvaluationType, {
    nullable: true,
    description: "An evaluation of the caller's; null for an unknown id or another tenant's.",
  })
  async evaluation(@Arg("id", () => ID) id: string, @Ctx() context: unknown): Promise<EvaluationType | null> {
    const found = await this.evaluations.get(callerTenant(context), id);
    return found ? toEvaluationType(found) : null;
  }

  @Mutation(() => EvaluationType, {
    description:
      "Runs the model on frames that have manual annotations and compares its results with them per task label (precision, recall, AP50, AP, the F1-best threshold). Answers at once (RUNNING); the frames count toward the tenant's frames per hour.",
  })
  async evaluateModel(@Arg("input", () => EvaluateModelInput) input: EvaluateModelInput, @Ctx() context: unknown): Promise<EvaluationType> {
    const evaluation = await this.evaluations.start(callerTenant(context), {
      taskId: input.taskId,
      modelId: input.modelId,
      mapping: input.mapping ? input.mapping.map(toMappingRequest) : null,
      frames: input.frames ?? null,
      threshold: input.threshold ?? null,
      thresholds: toLabelThresholdRequests(input.thresholds),
      convertMasksToPolygons: input.convertMasksToPolygons ?? false,
      tiling: toTilingRequest(input.tiling),
    });
    return toEvaluationType(evaluation);
  }

  @FieldResolver(() => ModelType)
  model(@Root() evaluation: EvaluationType): ModelType {
    return { id: evaluation.modelId };
  }
}

/** Task.evaluations: contributed to the task subgraph's Task. */
@Resolver(() => TaskType)
export class TaskEvaluationsResolver {
  constructor(private readonly service: EvaluationService) {}

  @FieldResolver(() => [EvaluationType], { description: "The task's model evaluations, newest first." })
  async evaluations(
    @Root() task: TaskType,
    @Arg("first", () => Int, {
      defaultValue: DEFAULT_EVALUATIONS_PER_TASK,
      description: `How many of the newest (at most ${MAX_EVALUATIONS_PER_TASK}).`,
    })
    first: number,
    @Ctx() context: unknown,
  ): Promise<EvaluationType[]> {
    return (await this.service.listByTask(callerTenant(context), task.id, first)).map(toEvaluationType);
  }
}

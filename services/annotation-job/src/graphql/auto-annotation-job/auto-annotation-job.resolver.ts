import type { GraphQLResolveInfo } from "graphql";
import { callerTenant } from "@prelabel/service-kit";
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import type { AutoAnnotationService } from "../../application/auto-annotation.service.js";
import type { AutoAnnotationJob } from "../../domain/auto-annotation-job.js";
import { ModelType } from "../model/model.type.js";
import { TaskType } from "../task/task.type.js";
import { toJobType, toLabelMappingType, toMappingRequest } from "./auto-annotation-job.mapper.js";
import { AutoAnnotationJobType, FrameFailureType, LabelMappingType } from "./auto-annotation-job.type.js";
import { progressSourceFor } from "./progress-source.js";
import { toLabelThresholdRequests, toTilingRequest } from "./run-options.mapper.js";
import { StartAutoAnnotationInput } from "./start-auto-annotation.input.js";

/** The GraphQL view of each progress state, shared by the subscribers it is fanned out to (read-only after mapping). */
const progressViews = new WeakMap<AutoAnnotationJob, AutoAnnotationJobType>();

/** An args class keeps the arguments in this order in the SDL (parameter decorators run last-first). */
@ArgsType()
class SuggestLabelMappingArgs {
  @Field(() => ID)
  taskId: string;

  @Field(() => ID)
  modelId: string;
}

@Resolver(() => AutoAnnotationJobType)
export class AutoAnnotationJobResolver {
  constructor(private readonly jobs: AutoAnnotationService) {}

  @Query(() => AutoAnnotationJobType, { nullable: true })
  async autoAnnotationJob(@Arg("id", () => ID) id: string, @Ctx() context: unknown): Promise<AutoAnnotationJobType | null> {
    const job = await this.jobs.get(callerTenant(context), id);
    return job ? toJobType(job) : null;
  }

  @Query(() => [LabelMappingType], {
    description:
      "The mapping startAutoAnnotation uses when none is given: model labels matched to task labels by name, ignoring case and spacing, then by synonym.",
  })
  async suggestLabelMapping(
    @Args(() => SuggestLabelMappingArgs) { taskId, modelId }: SuggestLabelMappingArgs,
    @Ctx() context: unknown,
  ): Promise<LabelMappingType[]> {
    return (await this.jobs.suggestMapping(callerTenant(context), taskId, modelId)).map(toLabelMappingType);
  }

  @Mutation(() => AutoAnnotationJobType, { description: "Validates the request, then annotates the task's frames with the model." })
  async startAutoAnnotation(
    @Arg("input", () => StartAutoAnnotationInput) input: StartAutoAnnotationInput,
    @Ctx() context: unknown,
  ): Promise<AutoAnnotationJobType> {
    const job = await this.jobs.start({
      tenantId: callerTenant(context),
      taskId: input.taskId,
      modelId: input.modelId,
      mapping: input.mapping ? input.mapping.map(toMappingRequest) : null,
      threshold: input.threshold,
      thresholds: toLabelThresholdRequests(input.thresholds),
      tiling: toTilingRequest(input.tiling),
      reviewBelow: input.reviewBelow,
      convertMasksToPolygons: input.convertMasksToPolygons,
      cleanOldAnnotations: input.cleanOldAnnotations,
      frameRange: input.frameRange ? { start: input.frameRange.start, stop: input.frameRange.stop } : null,
      tracking: input.tracking
        ? {
            enabled: input.tracking.enabled,
            iouThreshold: input.tracking.iouThreshold,
            maxAge: input.tracking.maxAge,
            minHits: input.tracking.minHits,
          }
        : null,
    });
    return toJobType(job);
  }

  @Mutation(() => AutoAnnotationJobType, { description: "Stops a QUEUED or RUNNING job; the task's annotations stay exactly as before." })
  async cancelAutoAnnotation(@Arg("jobId", () => ID) jobId: string, @Ctx() context: unknown): Promise<AutoAnnotationJobType> {
    return toJobType(await this.jobs.cancel(callerTenant(context), jobId));
  }

  @Subscription(() => AutoAnnotationJobType, {
    description: "The job now, then as it progresses (at most every 100 ms); ends after the final state.",
    subscribe: ({ args, context, info }: { args: { jobId: string }; context: unknown; info: GraphQLResolveInfo }) =>
      progressSourceFor(info.schema).open(callerTenant(context), args.jobId),
  })
  autoAnnotationProgress(@Root() job: AutoAnnotationJob, @Arg("jobId", () => ID) _jobId: string): AutoAnnotationJobType {
    // Every subscriber of a job gets the same state object from its hub: map it once, not once per subscriber.
    let view = progressViews.get(job);
    if (!view) progressViews.set(job, (view = toJobType(job)));
    return view;
  }

  @FieldResolver(() => TaskType, { nullable: true })
  task(@Root() job: AutoAnnotationJobType): TaskType | null {
    // A deleted task would resolve to null at the task subgraph, failing the non-null Task fields: null here instead.
    return job.taskDeleted ? null : { id: job.taskId };
  }

  @FieldResolver(() => ModelType)
  model(@Root() job: AutoAnnotationJobType): ModelType {
    return { id: job.modelId };
  }

  @FieldResolver(() => [FrameFailureType])
  async failures(@Root() job: AutoAnnotationJobType): Promise<FrameFailureType[]> {
    if (job.framesFailed === 0) return [];
    return this.jobs.failures(job.id);
  }
}

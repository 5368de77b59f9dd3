import type { GraphQLResolveInfo } from "graphql";
import { callerTenant } from "@prelabel/service-kit";
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import type { AutoAnnotationBatchService, BatchView } from "../../application/auto-annotation-batch.service.js";
import { toMappingRequest } from "../auto-annotation-job/auto-annotation-job.mapper.js";
import { toLabelThresholdRequests, toTilingRequest } from "../auto-annotation-job/run-options.mapper.js";
import { ModelType } from "../model/model.type.js";
import { batchProgressSourceFor } from "../auto-annotation-job/progress-source.js";
import { toBatchType } from "./auto-annotation-batch.mapper.js";
import { AutoAnnotationBatchType } from "./auto-annotation-batch.type.js";
import { StartAutoAnnotationBatchInput } from "./start-auto-annotation-batch.input.js";

/** The GraphQL view of each progress state, shared by the subscribers it is fanned out to (read-only after mapping). */
const progressViews = new WeakMap<BatchView, AutoAnnotationBatchType>();

@Resolver(() => AutoAnnotationBatchType)
export class AutoAnnotationBatchResolver {
  constructor(private readonly batches: AutoAnnotationBatchService) {}

  @Query(() => AutoAnnotationBatchType, { nullable: true })
  async autoAnnotationBatch(@Arg("id", () => ID) id: string, @Ctx() context: unknown): Promise<AutoAnnotationBatchType | null> {
    const view = await this.batches.get(callerTenant(context), id);
    return view ? toBatchType(view) : null;
  }

  @Mutation(() => AutoAnnotationBatchType, {
    description:
      "Starts one job per task with the same model and settings, all or nothing: every task is validated (its own suggested mapping when none is given) and the tenant's limits are checked for all the jobs together before any starts.",
  })
  async startAutoAnnotationBatch(
    @Arg("input", () => StartAutoAnnotationBatchInput) input: StartAutoAnnotationBatchInput,
    @Ctx() context: unknown,
  ): Promise<AutoAnnotationBatchType> {
    const view = await this.batches.start({
      tenantId: callerTenant(context),
      taskIds: input.taskIds,
      modelId: input.modelId,
      mapping: input.mapping ? input.mapping.map(toMappingRequest) : null,
      threshold: input.threshold,
      thresholds: toLabelThresholdRequests(input.thresholds),
      convertMasksToPolygons: input.convertMasksToPolygons,
      cleanOldAnnotations: input.cleanOldAnnotations,
      tiling: toTilingRequest(input.tiling),
      reviewBelow: input.reviewBelow,
    });
    return toBatchType(view);
  }

  @Mutation(() => AutoAnnotationBatchType, {
    description: "Cancels every QUEUED or RUNNING job of the batch (a job already committing finishes); their tasks stay as before.",
  })
  async cancelAutoAnnotationBatch(@Arg("batchId", () => ID) batchId: string, @Ctx() context: unknown): Promise<AutoAnnotationBatchType> {
    return toBatchType(await this.batches.cancel(callerTenant(context), batchId));
  }

  @Subscription(() => AutoAnnotationBatchType, {
    description: "The batch now, then whenever one of its jobs progresses (at most every 100 ms); ends once every job is final.",
    subscribe: ({ args, context, info }: { args: { batchId: string }; context: unknown; info: GraphQLResolveInfo }) =>
      batchProgressSourceFor(info.schema).open(callerTenant(context), args.batchId),
  })
  autoAnnotationBatchProgress(@Root() view: BatchView, @Arg("batchId", () => ID) _batchId: string): AutoAnnotationBatchType {
    let mapped = progressViews.get(view);
    if (!mapped) progressViews.set(view, (mapped = toBatchType(view)));
    return mapped;
  }

  @FieldResolver(() => ModelType)
  model(@Root() batch: AutoAnnotationBatchType): ModelType {
    return { id: batch.modelId };
  }
}

import { callerTenant } from "@prelabel/service-kit";
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from "type-graphql";
import type { ReviewService } from "../../application/review.service.js";
import { toAnnotationRoot } from "../annotation/annotation.mapper.js";
import type { TaskContext } from "../common/context.js";
import { TaskType, type TaskRoot } from "../task/task.type.js";
import { ResolveReviewResultType, ReviewDecision, ReviewQueueType } from "./review.type.js";

/** Task.reviewQueue and resolveReview (docs/annotations.md, "Review"). */
@Resolver(() => TaskType)
export class ReviewResolver {
  constructor(private readonly reviews: ReviewService) {}

  @FieldResolver(() => ReviewQueueType, {
    description:
      "Annotations a run committed flagged needsReview (scored under its reviewBelow), lowest score first, then insertion order; `first` 1..500.",
  })
  async reviewQueue(
    @Root() task: TaskRoot,
    @Arg("first", () => Int, { defaultValue: 50 }) first: number,
    @Arg("after", () => String, { nullable: true }) after: string | null | undefined,
    @Ctx() context: TaskContext,
  ): Promise<ReviewQueueType> {
    const tenantId = callerTenant(context);
    const page = await this.reviews.queuePage(tenantId, task.id, { first, after });
    const last = page.edges[page.edges.length - 1];
    return new ReviewQueueType(
      page.edges.map((e) => toAnnotationRoot(e.node)),
      last?.cursor ?? null,
      page.hasNextPage,
      () => this.reviews.queueLength(tenantId, task.id),
    );
  }

  @Mutation(() => ResolveReviewResultType, {
    description:
      "Accepts (clears needsReview) or rejects (deletes) flagged annotations of one task, all or nothing, at most 1,000 ids: NOT_FOUND naming ids that are not the task's annotations, NOT_FLAGGED_FOR_REVIEW naming those not in its queue, TOO_MANY_ANNOTATIONS, ANNOTATIONS_BUSY.",
  })
  async resolveReview(
    @Arg("taskId", () => ID) taskId: string,
    @Arg("ids", () => [ID]) ids: string[],
    @Arg("decision", () => ReviewDecision) decision: ReviewDecision,
    @Ctx() context: TaskContext,
  ): Promise<ResolveReviewResultType> {
    return this.reviews.resolve(callerTenant(context), taskId, ids, decision);
  }
}

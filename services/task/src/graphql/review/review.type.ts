import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { ReviewDecision } from "../../domain/review.js";
import { AnnotationType } from "../annotation/annotation.type.js";
import type { AnnotationRoot } from "../annotation/annotation.mapper.js";

registerEnumType(ReviewDecision, {
  name: "ReviewDecision",
  description: "ACCEPT keeps the annotations (their needsReview flag is cleared); REJECT deletes them (a skeleton with its points).",
});

export { ReviewDecision };

@ObjectType("ReviewQueue", { description: "A page of a task's annotations flagged needsReview, lowest score first, then insertion order." })
export class ReviewQueueType {
  @Field(() => [AnnotationType])
  nodes: AnnotationRoot[];

  @Field(() => Int, { description: "Flagged annotations of the task (the whole queue, not this page)." })
  get totalCount(): Promise<number> {
    return this.countTotal();
  }

  @Field(() => String, {
    nullable: true,
    description: "The cursor after this page's last node (`after` of the next page); null when empty.",
  })
  endCursor: string | null;

  @Field()
  hasNextPage: boolean;

  /** Not exposed: counted only when asked for. */
  readonly countTotal: () => Promise<number>;

  constructor(nodes: AnnotationRoot[], endCursor: string | null, hasNextPage: boolean, countTotal: () => Promise<number>) {
    this.nodes = nodes;
    this.endCursor = endCursor;
    this.hasNextPage = hasNextPage;
    this.countTotal = countTotal;
  }
}

@ObjectType("ResolveReviewResult")
export class ResolveReviewResultType {
  @Field(() => Int)
  accepted: number;

  @Field(() => Int)
  rejected: number;

  @Field(() => Int, { description: "The task's review queue length after this resolution." })
  remaining: number;

  @Field(() => Int, { description: "The task's annotationsVersion after this resolution (one change): saveAnnotations' expectedVersion." })
  annotationsVersion: number;
}

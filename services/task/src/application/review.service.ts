import type { Annotation } from "../domain/annotation.js";
import { decodeCursor, encodeCursor } from "../domain/pagination.js";
import {
  DEFAULT_REVIEW_PAGE_SIZE,
  MAX_REVIEW_IDS,
  MAX_REVIEW_PAGE_SIZE,
  type ReviewDecision,
  type ReviewOutcome,
} from "../domain/review.js";
import { TaskErrors } from "../domain/task.errors.js";
import type { ReviewRepository } from "../persistence/review.repository.js";
import type { CursorPage, PageRequest } from "./task-query.service.js";

export interface ReviewResult {
  accepted: number;
  rejected: number;
  /** The task's review queue length after the resolution. */
  remaining: number;
  /** The task's annotationsVersion after it (a resolution is one change). */
  annotationsVersion: number;
}

/**
 * The review of a run's low-scoring results: Task.reviewQueue pages a task's flagged annotations, lowest score first;
 * resolveReview accepts or rejects some of them, all or nothing.
 */
export class ReviewService {
  constructor(private readonly reviews: Pick<ReviewRepository, "page" | "count" | "resolve">) {}

  /** `first` 1..500 (default 50), `after` a cursor of this queue; either wrong is BAD_USER_INPUT. Another tenant's task: empty. */
  async queuePage(tenantId: string, taskId: string, request: PageRequest): Promise<CursorPage<Annotation>> {
    const first = request.first ?? DEFAULT_REVIEW_PAGE_SIZE;
    if (!Number.isInteger(first) || first < 1 || first > MAX_REVIEW_PAGE_SIZE) throw TaskErrors.badReviewPageSize(MAX_REVIEW_PAGE_SIZE);
    const after = request.after != null ? decodeCursor("review", request.after) : null;
    const page = await this.reviews.page(tenantId, taskId, first, after);
    return {
      // A flagged annotation always has a score (score-less shapes are never flagged).
      edges: page.rows.map((node) => ({ node, cursor: encodeCursor("review", { score: node.score ?? 0, seq: node.seq }) })),
      hasNextPage: page.hasNextPage,
    };
  }

  queueLength(tenantId: string, taskId: string): Promise<number> {
    return this.reviews.count(tenantId, taskId);
  }

  /**
   * All or nothing: TOO_MANY_ANNOTATIONS over 1,000 ids; NOT_FOUND for a task that is not the tenant's, or naming
   * every id that is not one of its top-level annotations; NOT_FLAGGED_FOR_REVIEW naming those not in its queue;
   * ANNOTATIONS_BUSY when a job's commit (or a save) held the task past the lock wait. An id given twice counts once;
   * no ids at all is BAD_USER_INPUT.
   */
  async resolve(tenantId: string, taskId: string, ids: readonly string[], decision: ReviewDecision): Promise<ReviewResult> {
    const distinct = [...new Set(ids)];
    if (!distinct.length) throw TaskErrors.noReviewIds();
    if (distinct.length > MAX_REVIEW_IDS) throw TaskErrors.tooManyReviewIds(distinct.length, MAX_REVIEW_IDS);
    return resolvedOrThrow(taskId, await this.reviews.resolve(tenantId, taskId, distinct, decision));
  }
}

function resolvedOrThrow(taskId: string, outcome: ReviewOutcome): ReviewResult {
  switch (outcome.kind) {
    case "resolved": {
      const { accepted, rejected, remaining, annotationsVersion } = outcome;
      return { accepted, rejected, remaining, annotationsVersion };
    }
    case "busy":
      throw TaskErrors.annotationsBusy(taskId);
    case "missing-task":
      throw TaskErrors.taskNotFound(taskId);
    case "missing":
      throw TaskErrors.reviewAnnotationsNotFound(taskId, outcome.ids);
    case "not-flagged":
      throw TaskErrors.notFlaggedForReview(taskId, outcome.ids);
  }
}

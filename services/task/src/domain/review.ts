/** What resolveReview does with the annotations it names: keep them (the flag is cleared) or delete them. */
export const ReviewDecision = { ACCEPT: "ACCEPT", REJECT: "REJECT" } as const;
export type ReviewDecision = (typeof ReviewDecision)[keyof typeof ReviewDecision];

/** The most ids one resolveReview takes. */
export const MAX_REVIEW_IDS = 1_000;

/** The review queue's page sizes: `first` is 1..500, 50 by default. */
export const DEFAULT_REVIEW_PAGE_SIZE = 50;
export const MAX_REVIEW_PAGE_SIZE = 500;

/** What one resolution did, or why it changed nothing. */
export type ReviewOutcome =
  | { kind: "resolved"; accepted: number; rejected: number; remaining: number; annotationsVersion: number }
  | { kind: "busy" }
  | { kind: "missing-task" }
  /** Ids that are not top-level annotations of the task (unknown, another task's or tenant's, a skeleton's element). */
  | { kind: "missing"; ids: string[] }
  /** Annotations of the task that are not flagged needs_review. */
  | { kind: "not-flagged"; ids: string[] };

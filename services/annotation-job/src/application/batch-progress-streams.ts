import { AppError, ErrorCode, type Logger } from "@prelabel/service-kit";
import type { ProgressFeed } from "../messaging/consumers/job-progress.feed.js";
import type { AutoAnnotationBatchService, BatchView } from "./auto-annotation-batch.service.js";
import { jobSignature, ProgressStreams, type ProgressStreamSettings } from "./job-progress-streams.js";

/**
 * autoAnnotationBatchProgress: the batch now, then re-read whenever a JobProgressed of one of its jobs arrives (the
 * feed and hub a job's stream uses, one hub per batch listening to each of its jobs), throttled per subscriber like a
 * job's; it ends with the state in which every job is final.
 */
export function batchProgressStreams(
  feed: ProgressFeed,
  batches: Pick<AutoAnnotationBatchService, "get" | "jobIds">,
  settings: ProgressStreamSettings,
  logger: Logger,
): ProgressStreams<BatchView> {
  return new ProgressStreams<BatchView>(feed, (tenantId, id) => batches.get(tenantId, id), settings, logger, {
    notFound: (batchId) => new AppError(ErrorCode.NotFound, `Auto-annotation batch ${batchId} was not found.`, { batchId }),
    isFinal: (view) => view.summary.status !== "RUNNING",
    signature: (view) => [view.summary.status, ...view.jobs.map(jobSignature)].join("/"),
    listenTo: (tenantId, id) => batches.jobIds(tenantId, id),
  });
}

import { COCO_KEYPOINT_SIGMAS, evaluate } from "@prelabel/evaluation";
import { ServiceTopology } from "@prelabel/proto";
import { startServiceApp, type ServiceAppHandle, type ServiceAppOptions } from "@prelabel/service-kit";
import type { GraphQLSchema } from "graphql";
import { AutoAnnotationBatchService, type BatchView } from "./application/auto-annotation-batch.service.js";
import { AutoAnnotationService } from "./application/auto-annotation.service.js";
import { EvaluationService } from "./application/evaluation.service.js";
import { batchProgressStreams } from "./application/batch-progress-streams.js";
import { JobOutcomeService } from "./application/job-outcome.service.js";
import { OutcomeBatcher } from "./application/outcome.batcher.js";
import { PreviewService } from "./application/preview.service.js";
import { JobProgressStreams, type ProgressStreams } from "./application/job-progress-streams.js";
import { StuckJobSweeper } from "./application/stuck-job.sweeper.js";
import { TaskDeletionService } from "./application/task-deletion.service.js";
import { NatsFrameInference, type FrameInference } from "./clients/frame-inference.client.js";
import { NatsModelDirectory, type ModelDirectory } from "./clients/model-directory.client.js";
import { NatsTaskAnnotations } from "./clients/task-annotations.client.js";
import { NatsTaskDirectory, type TaskDirectory } from "./clients/task-directory.client.js";
import { startFrameOutcomesConsumer } from "./messaging/consumers/frame-outcomes.consumer.js";
import { NatsProgressFeed } from "./messaging/consumers/job-progress.feed.js";
import { FrameDeliveryWatcher } from "./messaging/consumers/max-deliveries.watcher.js";
import { startTaskEventsConsumer } from "./messaging/consumers/task-events.consumer.js";
import { NatsAnnotationCommands } from "./messaging/publishers/annotation-commands.publisher.js";
import { KvCancelMarks } from "./messaging/publishers/cancel-mark.publisher.js";
import { NatsFrameDispatch } from "./messaging/publishers/frame-dispatch.publisher.js";
import { NatsProgressPublisher } from "./messaging/publishers/job-progress.publisher.js";
import { ANNOTATION_JOB_CONSUMERS, countingProgress, countSettledFrames, JobMetrics } from "./job.metrics.js";
import { annotationJobDatabase, type DatabaseOptions } from "./persistence/data-source.js";
import { TypeormEvaluationRepository } from "./persistence/evaluation.repository.js";
import { TypeormJobRepository } from "./persistence/job.repository.js";
import { buildJobSubgraph } from "./subgraph.js";
import { PreviewSlots } from "./domain/preview-frames.js";
import { inferFrameMessage, runInferSettings } from "./messaging/publishers/infer-frame.mapper.js";

/** Frames of one preview sent to the workers at once (a preview has at most 16). */
const PREVIEW_FRAME_CONCURRENCY = 4;

export interface AnnotationJobSettings {
  describeTimeoutMs: number;
  publishConcurrency: number;
  outcomeConcurrency: number;
  /** Most frame outcomes of one job recorded in one transaction. */
  outcomeBatchMax: number;
  progressThrottleMs: number;
  progressPollMs: number;
  /** 0: no sweeper in this process. */
  jobSweepIntervalMs: number;
  jobStaleAfterMs: number;
  jobCommitMaxRedrives: number;
  /** Per-tenant limits on starting jobs; 0 = none. */
  tenantMaxConcurrentJobs: number;
  tenantMaxFramesPerHour: number;
  /** previewAutoAnnotation calls per tenant at once in this process. */
  previewMaxConcurrentPerTenant: number;
  /** The longest one previewed frame may take. */
  previewFrameTimeoutMs: number;
  /** Most tasks in one startAutoAnnotationBatch. */
  batchMaxTasks: number;
  /** Frames one evaluation may cover (EVALUATION_MAX_FRAMES). */
  evaluationMaxFrames: number;
  /** Frames of one evaluation in flight at once (EVALUATION_CONCURRENCY). */
  evaluationConcurrency: number;
  /** How long one frame of an evaluation may take, the worker's answer included. */
  evaluationFrameTimeoutMs: number;
}

export const defaultSettings: AnnotationJobSettings = {
  describeTimeoutMs: 5_000,
  publishConcurrency: 64,
  outcomeConcurrency: 1_024,
  outcomeBatchMax: 500,
  progressThrottleMs: 100,
  progressPollMs: 5_000,
  jobSweepIntervalMs: 30_000,
  jobStaleAfterMs: 5 * 60_000,
  jobCommitMaxRedrives: 6,
  tenantMaxConcurrentJobs: 0,
  tenantMaxFramesPerHour: 0,
  previewMaxConcurrentPerTenant: 2,
  previewFrameTimeoutMs: 60_000,
  batchMaxTasks: 100,
  evaluationMaxFrames: 5_000,
  evaluationConcurrency: 4,
  evaluationFrameTimeoutMs: 60_000,
};

/** The runner's connection options (service-kit's ServiceAppOptions), this service's database, settings and stand-ins. */
export interface AnnotationJobOptions extends Pick<ServiceAppOptions, "logger" | "nats" | "migrateOnStart" | "metrics"> {
  database: DatabaseOptions;
  settings?: Partial<AnnotationJobSettings>;
  /** Defaults to the NATS request/reply clients. */
  tasks?: TaskDirectory;
  models?: ModelDirectory;
  /** Defaults to the workers' infer-frame endpoint. */
  inference?: FrameInference;
}

export interface AnnotationJobApp extends ServiceAppHandle {
  schema: GraphQLSchema;
  jobs: AutoAnnotationService;
  previews: PreviewService;
  outcomes: JobOutcomeService;
  feed: NatsProgressFeed;
  /** autoAnnotationProgress: one hub per watched job, fanned out to its subscribers. */
  streams: JobProgressStreams;
  batches: AutoAnnotationBatchService;
  /** autoAnnotationBatchProgress: one hub per watched batch (listening to each of its jobs). */
  batchStreams: ProgressStreams<BatchView>;
  /** Drives on stuck jobs, every jobSweepIntervalMs. */
  sweeper: StuckJobSweeper;
  /** Fails frames the workers' consumer gave up on (max_deliver), subscribed to the advisory. */
  deadFrames: FrameDeliveryWatcher;
  /** evaluateModel and its background runs. */
  evaluations: EvaluationService;
}

/**
 * Everything but the HTTP listener: migrate, check the topology, build the use cases and the schema, start both durable
 * consumers, the max-deliveries watcher and the sweeper. main.ts serves the schema; the integration tests call this too.
 * close() stops the consumers, the watcher and the sweeper (in-flight messages settle first), then the progress feed;
 * then NATS drains and the pool closes.
 */
export function startAnnotationJob(options: AnnotationJobOptions): Promise<AnnotationJobApp> {
  const { database, settings: overrides, tasks: taskDirectory, models, inference, ...runner } = options;
  const settings = { ...defaultSettings, ...overrides };
  const { logger, metrics } = runner;
  const connections = {
    ...runner,
    name: "annotation-job",
    database: annotationJobDatabase(database),
    topology: ServiceTopology.annotationJob,
    consumerLag: ANNOTATION_JOB_CONSUMERS,
  };
  return startServiceApp(connections, async ({ dataSource, messaging, onClose }) => {
    const repository = new TypeormJobRepository(dataSource);
    const annotations = new NatsAnnotationCommands(messaging);
    const cancelMarks = new KvCancelMarks(messaging);
    const jobMetrics = metrics && new JobMetrics(metrics, () => repository.countByStatus());
    const natsProgress = new NatsProgressPublisher(messaging);
    const progress = jobMetrics ? countingProgress(natsProgress, jobMetrics) : natsProgress;
    const feed = new NatsProgressFeed(messaging);
    onClose("progress feed", () => feed.close());
    const tasks = taskDirectory ?? new NatsTaskDirectory(messaging, settings.describeTimeoutMs);
    const evaluationRepository = new TypeormEvaluationRepository(dataSource);
    const deletions = new TaskDeletionService({ jobs: repository, tasks, evaluations: evaluationRepository });
    const modelDirectory = models ?? new NatsModelDirectory(messaging, settings.describeTimeoutMs);
    const limits = { maxConcurrentJobs: settings.tenantMaxConcurrentJobs, maxFramesPerHour: settings.tenantMaxFramesPerHour };
    const dispatchHeartbeatMs = Math.max(1, Math.floor(settings.jobStaleAfterMs / 4));
    const jobs = new AutoAnnotationService({
      jobs: repository,
      tasks,
      models: modelDirectory,
      dispatch: new NatsFrameDispatch(messaging, settings.publishConcurrency),
      annotations,
      cancelMarks,
      progress,
      logger,
      limits,
      // Four beats per staleness period: a live dispatch never looks stale.
      dispatchHeartbeatMs,
    });
    const frameInference = inference ?? new NatsFrameInference(messaging);
    const previews = new PreviewService({
      validate: (tenantId, request, frames) => jobs.validateRun(tenantId, request, { kind: "indexes", indexes: frames }),
      // A preview shows each frame's own results: tracking (a commit-time step over many frames) plays no part.
      message: (run, frame, ids) => inferFrameMessage(runInferSettings({ ...run, tracking: null }), frame, ids),
      inference: frameInference,
      usage: repository,
      limits: { maxConcurrentJobs: settings.tenantMaxConcurrentJobs, maxFramesPerHour: settings.tenantMaxFramesPerHour },
      slots: new PreviewSlots(settings.previewMaxConcurrentPerTenant),
      frameTimeoutMs: settings.previewFrameTimeoutMs,
      frameConcurrency: PREVIEW_FRAME_CONCURRENCY,
      logger,
    });
    const outcomeService = new JobOutcomeService({ jobs: repository, annotations, progress, logger });
    const outcomes = jobMetrics ? countSettledFrames(outcomeService, jobMetrics) : outcomeService;
    const deadFrames = new FrameDeliveryWatcher(messaging, outcomes, logger);
    const sweeper = new StuckJobSweeper(
      { jobs: repository, annotations, cancelMarks, progress, logger, deadFrames },
      { staleAfterMs: settings.jobStaleAfterMs, maxCommitRedrives: settings.jobCommitMaxRedrives, batchSize: 100 },
    );
    const streams = new JobProgressStreams(
      feed,
      (tenantId, id) => repository.findById(tenantId, id),
      { throttleMs: settings.progressThrottleMs, pollMs: settings.progressPollMs },
      logger,
    );
    const batches = new AutoAnnotationBatchService({
      runs: jobs,
      jobs: repository,
      models: modelDirectory,
      progress,
      logger,
      maxTasks: settings.batchMaxTasks,
      limits,
      waitingHeartbeatMs: dispatchHeartbeatMs,
    });
    const streamSettings = { throttleMs: settings.progressThrottleMs, pollMs: settings.progressPollMs };
    const batchStreams = batchProgressStreams(feed, batches, streamSettings, logger);
    const evaluations = new EvaluationService({
      evaluations: evaluationRepository,
      validator: jobs,
      annotations: new NatsTaskAnnotations(messaging, Math.max(settings.describeTimeoutMs, 10_000)),
      inference: frameInference,
      usage: repository,
      buildInferFrame: inferFrameMessage,
      metrics: evaluate,
      cocoKeypointSigmas: COCO_KEYPOINT_SIGMAS,
      logger,
      limits: { maxConcurrentJobs: settings.tenantMaxConcurrentJobs, maxFramesPerHour: settings.tenantMaxFramesPerHour },
      settings: {
        maxFrames: settings.evaluationMaxFrames,
        concurrency: settings.evaluationConcurrency,
        frameTimeoutMs: settings.evaluationFrameTimeoutMs,
        staleAfterMs: settings.jobStaleAfterMs,
        progressMs: Math.max(1, Math.min(1_000, Math.floor(settings.jobStaleAfterMs / 4))),
      },
    });
    const schema = await buildJobSubgraph({ jobs, previews, progress: streams, batches, batchProgress: batchStreams, evaluations });

    // Stopped together, before the progress feed: each lets its in-flight messages settle.
    const started: { stop(): Promise<void> }[] = [];
    onClose("consumers, watcher and sweeper", () => Promise.all(started.map((s) => s.stop())));
    const batcher = new OutcomeBatcher((batch) => outcomes.recordJobOutcomes(batch), settings.outcomeBatchMax);
    started.push(await startFrameOutcomesConsumer(messaging, batcher, logger, settings.outcomeConcurrency));
    started.push(await startTaskEventsConsumer(messaging, outcomes, deletions, logger));
    await deadFrames.start();
    started.push(deadFrames);
    sweeper.start(settings.jobSweepIntervalMs);
    started.push(sweeper);
    // Evaluations whose process stopped are failed at start-up (once stale) and on the sweeper's interval.
    evaluations.startSweeping(settings.jobSweepIntervalMs);
    started.push(evaluations);
    return { schema, jobs, previews, outcomes, feed, streams, batches, batchStreams, sweeper, deadFrames, evaluations };
  });
}

import type { Messaging } from "@prelabel/messaging";
import type { Logger } from "@prelabel/service-kit";
import type { GraphQLSchema } from "graphql";
import type { DataSource } from "typeorm";
import { AutoAnnotationService } from "./application/auto-annotation.service.js";
import { JobOutcomeService } from "./application/job-outcome.service.js";
import { JobProgressStreams } from "./application/job-progress-streams.js";
import { StuckJobSweeper } from "./application/stuck-job.sweeper.js";
import { TaskDeletionService } from "./application/task-deletion.service.js";
import { NatsModelDirectory, type ModelDirectory } from "./clients/model-directory.client.js";
import { NatsTaskDirectory, type TaskDirectory } from "./clients/task-directory.client.js";
import { startFrameOutcomesConsumer } from "./messaging/consumers/frame-outcomes.consumer.js";
import { NatsProgressFeed } from "./messaging/consumers/job-progress.feed.js";
import { FrameDeliveryWatcher } from "./messaging/consumers/max-deliveries.watcher.js";
import { startTaskEventsConsumer } from "./messaging/consumers/task-events.consumer.js";
import { NatsAnnotationCommands } from "./messaging/publishers/annotation-commands.publisher.js";
import { KvCancelMarks } from "./messaging/publishers/cancel-mark.publisher.js";
import { NatsFrameDispatch } from "./messaging/publishers/frame-dispatch.publisher.js";
import { NatsProgressPublisher } from "./messaging/publishers/job-progress.publisher.js";
import { TypeormJobRepository } from "./persistence/job.repository.js";
import { buildJobSubgraph } from "./subgraph.js";
import type { Registry } from "@prelabel/observability";
import { countingProgress, countSettledFrames, JobMetrics } from "./job.metrics.js";

export interface AnnotationJobSettings {
  describeTimeoutMs: number;
  publishConcurrency: number;
  outcomeConcurrency: number;
  progressThrottleMs: number;
  progressPollMs: number;
  /** 0: no sweeper in this process. */
  jobSweepIntervalMs: number;
  jobStaleAfterMs: number;
  jobCommitMaxRedrives: number;
  /** Per-tenant limits on starting jobs; 0 = none. */
  tenantMaxConcurrentJobs: number;
  tenantMaxFramesPerHour: number;
}

export const defaultSettings: AnnotationJobSettings = {
  describeTimeoutMs: 5_000,
  publishConcurrency: 64,
  outcomeConcurrency: 8,
  progressThrottleMs: 100,
  progressPollMs: 5_000,
  jobSweepIntervalMs: 30_000,
  jobStaleAfterMs: 5 * 60_000,
  jobCommitMaxRedrives: 6,
  tenantMaxConcurrentJobs: 0,
  tenantMaxFramesPerHour: 0,
};

export interface AnnotationJobAppDeps {
  dataSource: DataSource;
  messaging: Messaging;
  logger: Logger;
  settings?: Partial<AnnotationJobSettings>;
  /** Defaults to the NATS request/reply clients. */
  tasks?: TaskDirectory;
  models?: ModelDirectory;
  /** Where annotation-job's own series go (job.metrics.ts); omitted: not measured. */
  metrics?: Registry;
}

export interface AnnotationJobApp {
  schema: GraphQLSchema;
  jobs: AutoAnnotationService;
  outcomes: JobOutcomeService;
  feed: NatsProgressFeed;
  /** Drives on stuck jobs; `startConsumers` starts its timer (every jobSweepIntervalMs). */
  sweeper: StuckJobSweeper;
  /** Fails frames the workers' consumer gave up on (max_deliver); `startConsumers` subscribes it to the advisory. */
  deadFrames: FrameDeliveryWatcher;
  /** Starts both durable consumers, the max-deliveries watcher and the sweeper; the returned function stops them (in-flight messages settle first). */
  startConsumers(): Promise<() => Promise<void>>;
}

/** Wires the service from a connected DataSource and Messaging (main.ts and the integration tests alike). */
export async function createAnnotationJobApp(deps: AnnotationJobAppDeps): Promise<AnnotationJobApp> {
  const settings = { ...defaultSettings, ...deps.settings };
  const { messaging, logger } = deps;
  const repository = new TypeormJobRepository(deps.dataSource);
  const annotations = new NatsAnnotationCommands(messaging);
  const cancelMarks = new KvCancelMarks(messaging);
  const jobMetrics = deps.metrics && new JobMetrics(deps.metrics, () => repository.countByStatus());
  const natsProgress = new NatsProgressPublisher(messaging);
  const progress = jobMetrics ? countingProgress(natsProgress, jobMetrics) : natsProgress;
  const feed = new NatsProgressFeed(messaging);
  const tasks = deps.tasks ?? new NatsTaskDirectory(messaging, settings.describeTimeoutMs);
  const deletions = new TaskDeletionService({ jobs: repository, tasks });
  const jobs = new AutoAnnotationService({
    jobs: repository,
    tasks,
    models: deps.models ?? new NatsModelDirectory(messaging, settings.describeTimeoutMs),
    dispatch: new NatsFrameDispatch(messaging, settings.publishConcurrency),
    annotations,
    cancelMarks,
    progress,
    logger,
    limits: { maxConcurrentJobs: settings.tenantMaxConcurrentJobs, maxFramesPerHour: settings.tenantMaxFramesPerHour },
    // Four beats per staleness period: a live dispatch never looks stale.
    dispatchHeartbeatMs: Math.max(1, Math.floor(settings.jobStaleAfterMs / 4)),
  });
  const outcomeService = new JobOutcomeService({ jobs: repository, annotations, progress, logger });
  const outcomes = jobMetrics ? countSettledFrames(outcomeService, jobMetrics) : outcomeService;
  const deadFrames = new FrameDeliveryWatcher(messaging, outcomes, logger);
  const sweeper = new StuckJobSweeper(
    { jobs: repository, annotations, cancelMarks, progress, logger, deadFrames },
    { staleAfterMs: settings.jobStaleAfterMs, maxCommitRedrives: settings.jobCommitMaxRedrives, batchSize: 100 },
  );
  const streams = new JobProgressStreams(feed, (tenantId, id) => repository.findById(tenantId, id), { throttleMs: settings.progressThrottleMs, pollMs: settings.progressPollMs }, logger);
  const schema = await buildJobSubgraph({ jobs, progress: streams });

  return {
    schema,
    jobs,
    outcomes,
    feed,
    sweeper,
    deadFrames,
    startConsumers: async () => {
      const frameOutcomes = await startFrameOutcomesConsumer(messaging, outcomes, logger, settings.outcomeConcurrency);
      const taskEvents = await startTaskEventsConsumer(messaging, outcomes, deletions, logger);
      await deadFrames.start();
      sweeper.start(settings.jobSweepIntervalMs);
      return async () => {
        await Promise.all([sweeper.stop(), deadFrames.stop(), frameOutcomes.stop(), taskEvents.stop()]);
      };
    },
  };
}

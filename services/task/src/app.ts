import type { ConsumerHandle } from "@prelabel/messaging";
import { Messaging } from "@prelabel/messaging";
import { createMetricsRegistry } from "@prelabel/observability";
import { Buckets, ServiceTopology } from "@prelabel/proto";
import { startSubgraphServer, subgraphAuth, type Logger, type ShutdownStep } from "@prelabel/service-kit";
import type { GraphQLSchema } from "graphql";
import type { DataSource } from "typeorm";
import { FrameObjectCollector, type FrameSweepReport } from "./application/frame-object-collector.service.js";
import { TaskCreationService } from "./application/task-creation.service.js";
import { TaskDeletionService, type TaskDeletedAnnouncer } from "./application/task-deletion.service.js";
import { TaskImportService } from "./application/task-import.service.js";
import { TaskQueryService } from "./application/task-query.service.js";
import { DEFAULT_FRAME_CLAIM_TTL_MS, type TaskConfig } from "./config.js";
import { DEFAULT_LABEL_SCHEMA_LIMITS, type LabelSchemaLimits } from "./domain/label-schema.js";
import { TaskErrorCode } from "./domain/task-error-codes.js";
import { startAnnotationCommandsConsumer } from "./messaging/consumers/annotation-commands.consumer.js";
import { startStageResultsConsumer } from "./messaging/consumers/stage-results.consumer.js";
import { serveDescribeTask } from "./messaging/endpoints/describe-task.endpoint.js";
import { annotationOutcomesPublisher } from "./messaging/publishers/annotation-outcomes.publisher.js";
import { taskDeletedAnnouncer } from "./messaging/publishers/task-events.publisher.js";
import { AnnotationRepository } from "./persistence/annotation.repository.js";
import { createDataSource, migrate } from "./persistence/data-source.js";
import { FrameObjectRepository } from "./persistence/frame-object.repository.js";
import { FrameStore } from "./persistence/frame.store.js";
import { probeImage } from "./persistence/image.probe.js";
import { listImportDirectory } from "./persistence/import-directory.reader.js";
import { StagingRepository } from "./persistence/staging.repository.js";
import { TaskRepository } from "./persistence/task.repository.js";
import { buildTaskSubgraph, type TaskUseCases } from "./subgraph.js";

export interface TaskUseCaseDeps {
  dataSource: DataSource;
  frameStore: FrameStore;
  /** Directory importFrames may read below; unset disables importFrames (INVALID_PATH). */
  importRoot?: string;
  /** Bytes one frame may take. */
  maxUploadBytes: number;
  maxFramePixels: number;
  /** How large a createTask label schema may be (default DEFAULT_LABEL_SCHEMA_LIMITS). */
  labelSchemaLimits?: LabelSchemaLimits;
  /** Publishes TaskDeleted inside deleteTask's transaction (messaging/publishers/task-events.publisher.ts). */
  announceTaskDeleted: TaskDeletedAnnouncer;
  /** Claims of imports older than this are expired by the sweep (default FRAME_CLAIM_TTL_MS's). */
  frameClaimTtlMs?: number;
  /** Frame bytes that could not be removed after a delete or a failed import (left for the sweep). */
  onFrameCollectError?: (err: unknown, objectName: string) => void;
}

/** The use cases the subgraph serves, over PostgreSQL and the frames bucket. Tests build them as the service does. */
export function createTaskUseCases(deps: TaskUseCaseDeps): TaskUseCases {
  const tasks = new TaskRepository(deps.dataSource);
  const annotations = new AnnotationRepository(deps.dataSource);
  const frameObjects = new FrameObjectRepository(deps.dataSource, deps.frameClaimTtlMs ?? DEFAULT_FRAME_CLAIM_TTL_MS);
  const collector = new FrameObjectCollector(frameObjects, deps.frameStore, deps.onFrameCollectError);
  return {
    queries: new TaskQueryService({ tasks, annotations }),
    creation: new TaskCreationService({ tasks, labelSchemaLimits: deps.labelSchemaLimits ?? DEFAULT_LABEL_SCHEMA_LIMITS }),
    imports: new TaskImportService({
      tasks,
      frameObjects,
      frameStore: deps.frameStore,
      collector,
      listImportDirectory: (serverPath) => listImportDirectory(deps.importRoot, serverPath),
      probeImage,
      maxFrameBytes: deps.maxUploadBytes,
      maxFramePixels: deps.maxFramePixels,
    }),
    deletion: new TaskDeletionService({ tasks, collector, announceTaskDeleted: deps.announceTaskDeleted }),
  };
}

export interface RunningTaskService {
  url: string;
  /** The schema being served (tests may also execute it directly). */
  schema: GraphQLSchema;
  port: number;
  /** Stop consumers, close the server, drain NATS, destroy the pool: in that order. */
  shutdownSteps: ShutdownStep[];
  stop(): Promise<void>;
}

/**
 * Connects PostgreSQL and NATS, verifies the topology, migrates (when configured), starts the
 * consumers and the describe-task endpoint, then serves the subgraph. main.ts calls this with the
 * parsed environment; integration tests call it with their own config.
 */
export async function startTaskService(config: TaskConfig, logger: Logger): Promise<RunningTaskService> {
  const opened: ShutdownStep[] = [];
  const closeOpened = async () => {
    for (const step of [...opened].reverse()) await step.run().catch((err) => logger.warn({ err, step: step.name }, "cleanup failed"));
  };
  try {
    const dataSource: DataSource = createDataSource({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE });
    await dataSource.initialize();
    const destroyDataSource: ShutdownStep = { name: "postgres", run: () => dataSource.destroy() };
    opened.push(destroyDataSource);

    // One registry for the GraphQL metrics, the NATS counters and the consumers' lag, all on /metrics.
    const metrics = createMetricsRegistry();
    const messaging = await Messaging.connect({ url: config.NATS_URL, namespace: config.NATS_NAMESPACE, name: "task", metrics });
    const drainNats: ShutdownStep = { name: "nats", run: () => messaging.close() };
    opened.push(drainNats);
    // What the task service needs from JetStream; infrastructure creates it (`npm run nats:setup`).
    await messaging.verify(ServiceTopology.task);
    messaging.registerConsumerLag(metrics, ServiceTopology.task.consumers);

    if (config.DB_MIGRATE_ON_START) {
      const ran = await migrate(dataSource);
      if (ran.length) logger.info({ migrations: ran }, "migrations applied");
    }

    const frameStore = new FrameStore(await messaging.objectStore(Buckets.frames));
    const onFrameCollectError = (err: unknown, objectName: string) =>
      logger.warn({ err, objectName }, "frame bytes could not be removed; the next sweep will");
    const tasks = new TaskRepository(dataSource);
    const staging = new StagingRepository(dataSource, tasks);

    const consumers: ConsumerHandle[] = [];
    const stopConsumers: ShutdownStep = { name: "consumers", run: async () => void (await Promise.all(consumers.map((c) => c.stop()))) };
    opened.push(stopConsumers);
    consumers.push(await startStageResultsConsumer(messaging, staging, logger));
    consumers.push(await startAnnotationCommandsConsumer(messaging, staging, annotationOutcomesPublisher(messaging), logger));
    serveDescribeTask(messaging, tasks, (err) => logger.error({ err }, "describe-task failed"));

    const useCases = createTaskUseCases({
      dataSource,
      frameStore,
      importRoot: config.IMPORT_ROOT,
      maxUploadBytes: config.MAX_UPLOAD_BYTES,
      maxFramePixels: config.MAX_FRAME_PIXELS,
      labelSchemaLimits: {
        maxLabels: config.LABEL_SCHEMA_MAX_LABELS,
        maxAttributes: config.LABEL_SCHEMA_MAX_ATTRIBUTES,
        maxValues: config.LABEL_SCHEMA_MAX_VALUES,
        maxBytes: config.LABEL_SCHEMA_MAX_BYTES,
      },
      frameClaimTtlMs: config.FRAME_CLAIM_TTL_MS,
      announceTaskDeleted: taskDeletedAnnouncer(messaging),
      onFrameCollectError,
    });
    const schema = await buildTaskSubgraph(useCases);
    const server = await startSubgraphServer({
      name: "task",
      schema,
      host: config.HOST,
      port: config.PORT,
      logger,
      context: () => ({}),
      // Cloud: every operation needs the gateway's signed x-prelabel-identity (IDENTITY_PUBLIC_KEY).
      auth: subgraphAuth(config),
      ready: async () => dataSource.isInitialized && !messaging.nc.isClosed() && (await dataSource.query("SELECT 1").then(() => true)),
      uploads: { maxFileSize: config.MAX_UPLOAD_BYTES, maxFiles: config.MAX_UPLOAD_FILES, maxRequestBytes: config.MAX_UPLOAD_REQUEST_BYTES },
      metrics,
      errorCodes: TaskErrorCode,
    });
    const closeServer: ShutdownStep = { name: "http", run: () => server.close() };

    let sweeping: Promise<void> = Promise.resolve();
    if (config.FRAME_GC_ON_START) {
      // In the background: a large bucket must not delay readiness. Safe on every replica at once.
      const collector = new FrameObjectCollector(new FrameObjectRepository(dataSource, config.FRAME_CLAIM_TTL_MS), frameStore, onFrameCollectError);
      sweeping = collector.sweep().then(
        (report) => logger.info({ ...report, removed: report.removed.length }, "frame object sweep done"),
        (err: unknown) => logger.warn({ err }, "frame object sweep failed; run prelabel-task-gc or restart to retry"),
      );
    }
    const awaitSweep: ShutdownStep = { name: "frame sweep", run: () => sweeping };

    const shutdownSteps = [stopConsumers, closeServer, awaitSweep, drainNats, destroyDataSource];
    let stopping: Promise<void> | undefined;
    return {
      url: server.url,
      schema,
      port: server.port,
      shutdownSteps,
      stop: () =>
        (stopping ??= (async () => {
          for (const step of shutdownSteps) await step.run();
        })()),
    };
  } catch (err) {
    await closeOpened();
    throw err;
  }
}

/** `migrate` mode: creates the schema and applies pending migrations, then closes the pool. */
export async function migrateTaskDatabase(config: TaskConfig, logger: Logger): Promise<void> {
  const dataSource = createDataSource({ url: config.DATABASE_URL, poolSize: 2 });
  await dataSource.initialize();
  try {
    const ran = await migrate(dataSource);
    logger.info({ migrations: ran }, ran.length ? "migrations applied" : "schema up to date");
  } finally {
    await dataSource.destroy();
  }
}

/**
 * `gc` mode: one sweep of the frames bucket against the configured database and NATS. Expired import claims go,
 * then every frame object no frame row or claim references. Safe next to running services.
 */
export async function sweepFrameObjects(config: TaskConfig): Promise<FrameSweepReport> {
  const dataSource = createDataSource({ url: config.DATABASE_URL, poolSize: 2, applicationName: "prelabel-task-gc" });
  await dataSource.initialize();
  try {
    const messaging = await Messaging.connect({ url: config.NATS_URL, namespace: config.NATS_NAMESPACE, name: "task-gc" });
    try {
      const failures: string[] = [];
      const collector = new FrameObjectCollector(
        new FrameObjectRepository(dataSource, config.FRAME_CLAIM_TTL_MS),
        new FrameStore(await messaging.objectStore(Buckets.frames)),
        (err, name) => failures.push(`${name}: ${err instanceof Error ? err.message : String(err)}`),
      );
      const report = await collector.sweep();
      for (const failure of failures) console.error(`not removed: ${failure}`);
      return report;
    } finally {
      await messaging.close();
    }
  } finally {
    await dataSource.destroy();
  }
}

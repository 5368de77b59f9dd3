import { randomBytes } from "node:crypto";
import type { ConsumerHandle } from "@prelabel/messaging";
import type { Registry } from "@prelabel/observability";
import { Buckets, ServiceTopology } from "@prelabel/proto";
import { connectionOptions, startServiceApp, type HttpRoute, type Logger, type ServiceAppHandle } from "@prelabel/service-kit";
import type { GraphQLSchema } from "graphql";
import type { DataSource } from "typeorm";
import { AnnotationExportService, type ExportLimits } from "./application/annotation-export.service.js";
import { AnnotationImportService } from "./application/annotation-import.service.js";
import {
  AnnotationEditService,
  DEFAULT_SAVE_ANNOTATIONS_LIMITS,
  type SaveAnnotationsLimits,
} from "./application/annotation-edit.service.js";
import { FrameImageService } from "./application/frame-image.service.js";
import { FrameObjectCollector, type FrameSweepReport } from "./application/frame-object-collector.service.js";
import { TaskCreationService } from "./application/task-creation.service.js";
import { TaskDeletionService, type TaskDeletedAnnouncer } from "./application/task-deletion.service.js";
import { TaskImportService } from "./application/task-import.service.js";
import { TaskQueryService } from "./application/task-query.service.js";
import { ReviewService } from "./application/review.service.js";
import { VideoImportService, type VideoDecoder, type VideoImportObserver, type VideoLimits } from "./application/video-import.service.js";
import { DEFAULT_FRAME_CLAIM_TTL_MS, DEFAULT_SAVE_ANNOTATIONS_LOCK_WAIT_MS, DEFAULT_VIDEO_LIMITS, type TaskConfig } from "./config.js";
import { DEFAULT_FRAME_IMAGE_LIMITS, type FrameImageLimits, type FrameImageRenderer } from "./domain/frame-image.js";
import { DEFAULT_LABEL_SCHEMA_LIMITS, type LabelSchemaLimits } from "./domain/label-schema.js";
import { startAnnotationCommandsConsumer } from "./messaging/consumers/annotation-commands.consumer.js";
import { startStageResultsConsumer } from "./messaging/consumers/stage-results.consumer.js";
import { serveDescribeTask } from "./messaging/endpoints/describe-task.endpoint.js";
import { serveListAnnotations } from "./messaging/endpoints/list-annotations.endpoint.js";
import { annotationOutcomesPublisher } from "./messaging/publishers/annotation-outcomes.publisher.js";
import { taskDeletedAnnouncer } from "./messaging/publishers/task-events.publisher.js";
import { exportDownloadRoute } from "./http/export-download.route.js";
import { AnnotationExportReader } from "./persistence/annotation-export.reader.js";
import { AnnotationListReader } from "./persistence/annotation-list.reader.js";
import { DEFAULT_ANNOTATION_IMPORT_LIMITS, type AnnotationImportLimits } from "./domain/interchange/import-limits.js";
import { AnnotationImportRepository } from "./persistence/annotation-import.repository.js";
import { AnnotationEditRepository } from "./persistence/annotation-edit.repository.js";
import { AnnotationRepository } from "./persistence/annotation.repository.js";
import { ReviewRepository } from "./persistence/review.repository.js";
import { spoolToTempFile } from "./persistence/upload-spool.js";
import { openZipArchive } from "./persistence/zip-archive.js";
import { TrackRepository } from "./persistence/track.repository.js";
import { taskDatabase } from "./persistence/data-source.js";
import { FrameObjectRepository } from "./persistence/frame-object.repository.js";
import { FrameImageCacheRepository } from "./persistence/frame-image-cache.repository.js";
import { sharpFrameImageRenderer } from "./persistence/frame-image.renderer.js";
import { FrameStore } from "./persistence/frame.store.js";
import { probeImage } from "./persistence/image.probe.js";
import { listImportDirectory, resolveImportFile } from "./persistence/import-directory.reader.js";
import { ffmpegVideoDecoder } from "./persistence/video.decoder.js";
import { VideoMetrics } from "./video.metrics.js";
import { StagingMetrics, timedStaging } from "./staging.metrics.js";
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
  /** Bytes one addFrames request's files may take together (default: only the server's multipart limit). */
  maxUploadRequestBytes?: number;
  maxFramePixels: number;
  /** How large a createTask label schema may be (default DEFAULT_LABEL_SCHEMA_LIMITS). */
  labelSchemaLimits?: LabelSchemaLimits;
  /** Publishes TaskDeleted inside deleteTask's transaction (messaging/publishers/task-events.publisher.ts). */
  announceTaskDeleted: TaskDeletedAnnouncer;
  /** Claims of imports older than this are expired by the sweep (default FRAME_CLAIM_TTL_MS's). */
  frameClaimTtlMs?: number;
  /** Frame bytes that could not be removed after a delete or a failed import (left for the sweep). */
  onFrameCollectError?: (err: unknown, objectName: string) => void;
  /** Frame.image's limits (default DEFAULT_FRAME_IMAGE_LIMITS: 100 renders an operation, 2 at once). */
  frameImageLimits?: FrameImageLimits;
  /** A frame whose bytes could not be read from the bucket for Frame.image (the image is null). */
  onFrameImageUnreadable?: (err: unknown, frame: { taskId: string; index: number; objectName: string }) => void;
  /** An eager thumbnail or a kept render that failed (nobody waited for it): logged. */
  onFrameImageBackgroundError?: (err: unknown, frame: { taskId: string; index: number }) => void;
  /** Renders frame bytes for Frame.image (default: sharp, within maxFramePixels); tests wrap it to count renders. */
  renderFrameImage?: FrameImageRenderer;
  /** addVideo/importVideo limits (default DEFAULT_VIDEO_LIMITS). */
  videoLimits?: VideoLimits;
  /** ffprobe/ffmpeg (default: libs/video with locateFfmpeg's pair, found on first use). */
  videoDecoder?: VideoDecoder;
  /** Told how each video import went (the decode metrics). */
  videoObserver?: VideoImportObserver;
  /** Annotation downloads: the token key (EXPORT_TOKEN_SECRET) and the links' limits. */
  exports: { secret: string; limits: ExportLimits };
  /** importAnnotations' limits (default DEFAULT_ANNOTATION_IMPORT_LIMITS: 64 MiB, a million shapes). */
  annotationImportLimits?: AnnotationImportLimits;
  /** Rows per INSERT of an import (default 2,000). */
  annotationImportBatchSize?: number;
  /** saveAnnotations' limits (default DEFAULT_SAVE_ANNOTATIONS_LIMITS: 1,000 items a save, 10,000 points a shape). */
  saveAnnotationsLimits?: SaveAnnotationsLimits;
  /** How long a save (or resolveReview) waits for a job commit on its task before ANNOTATIONS_BUSY (default 2 s; 0: not at all). */
  saveAnnotationsLockWaitMs?: number;
}

/** Files a YOLO zip may hold (label files, images, lists). */
const MAX_ZIP_ENTRIES = 1_000_000;

/** The use cases the subgraph serves, over PostgreSQL and the frames bucket. Tests build them as the service does. */
export function createTaskUseCases(deps: TaskUseCaseDeps): TaskUseCases {
  const tasks = new TaskRepository(deps.dataSource);
  const annotations = new AnnotationRepository(deps.dataSource);
  const frameObjects = new FrameObjectRepository(deps.dataSource, deps.frameClaimTtlMs ?? DEFAULT_FRAME_CLAIM_TTL_MS);
  const collector = new FrameObjectCollector(frameObjects, deps.frameStore, deps.onFrameCollectError);
  const frameImageLimits = deps.frameImageLimits ?? DEFAULT_FRAME_IMAGE_LIMITS;
  const frameImages = new FrameImageService({
    frameStore: deps.frameStore,
    render: deps.renderFrameImage ?? sharpFrameImageRenderer(deps.maxFramePixels),
    limits: frameImageLimits,
    onUnreadableObject: deps.onFrameImageUnreadable ?? (() => undefined),
    cache: new FrameImageCacheRepository(deps.dataSource),
    onBackgroundError: deps.onFrameImageBackgroundError,
  });
  return {
    videos: new VideoImportService({
      tasks,
      frameObjects,
      frameStore: deps.frameStore,
      collector,
      importFile: async (serverPath) => {
        const file = await resolveImportFile(deps.importRoot, serverPath);
        return { name: file.name, path: file.path, sizeBytes: file.size, release: async () => undefined };
      },
      decoder: deps.videoDecoder ?? ffmpegVideoDecoder({}),
      limits: deps.videoLimits ?? DEFAULT_VIDEO_LIMITS,
      observer: deps.videoObserver,
      onFramesAdded: (frames) => frameImages.renderThumbnails(frames),
      whileAdding: (append) => frameImages.whileAdding(append),
    }),
    queries: new TaskQueryService({ tasks, annotations, tracks: new TrackRepository(deps.dataSource) }),
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
      onFramesAdded: (frames) => frameImages.renderThumbnails(frames),
      whileAdding: (append) => frameImages.whileAdding(append),
      isVideoTask: (tenantId, taskId) => tasks.isVideoTask(tenantId, taskId),
    }),
    deletion: new TaskDeletionService({ tasks, collector, announceTaskDeleted: deps.announceTaskDeleted }),
    annotationImports: annotationImportService(deps, tasks),
    frameImages,
    frameImagesPerOperation: frameImageLimits.maxPerOperation,
    frameUploadRequestBytes: deps.maxUploadRequestBytes,
    edits: new AnnotationEditService({
      tasks,
      edits: new AnnotationEditRepository(deps.dataSource, deps.saveAnnotationsLockWaitMs ?? DEFAULT_SAVE_ANNOTATIONS_LOCK_WAIT_MS),
      limits: deps.saveAnnotationsLimits ?? DEFAULT_SAVE_ANNOTATIONS_LIMITS,
    }),
    reviews: new ReviewService(
      new ReviewRepository(deps.dataSource, deps.saveAnnotationsLockWaitMs ?? DEFAULT_SAVE_ANNOTATIONS_LOCK_WAIT_MS),
    ),
    exports: new AnnotationExportService({
      tasks,
      reader: new AnnotationExportReader(deps.dataSource),
      frameBytes: (objectName) => deps.frameStore.get(objectName),
      secret: deps.exports.secret,
      limits: deps.exports.limits,
    }),
  };
}

function annotationImportService(deps: TaskUseCaseDeps, tasks: TaskRepository): AnnotationImportService {
  const limits = deps.annotationImportLimits ?? DEFAULT_ANNOTATION_IMPORT_LIMITS;
  return new AnnotationImportService({
    tasks,
    imports: new AnnotationImportRepository(deps.dataSource, deps.saveAnnotationsLockWaitMs ?? DEFAULT_SAVE_ANNOTATIONS_LOCK_WAIT_MS),
    spool: spoolToTempFile,
    // A label file is one image's lines; no entry may inflate past the file limit itself.
    openZip: (path) => openZipArchive(path, { maxEntryBytes: limits.maxBytes, maxEntries: MAX_ZIP_ENTRIES }),
    limits,
    shapeLimits: { maxPointsPerShape: (deps.saveAnnotationsLimits ?? DEFAULT_SAVE_ANNOTATIONS_LIMITS).maxPointsPerShape },
    batchSize: deps.annotationImportBatchSize,
  });
}

export interface TaskApp extends ServiceAppHandle {
  schema: GraphQLSchema;
  /** GET /exports/<token> (annotation downloads), served beside /graphql. */
  routes: HttpRoute[];
  /** The downloads behind the route (tests read how many run). */
  exports: AnnotationExportService;
}

/**
 * Everything but the HTTP listener: migrate (when configured), check the topology, start the consumers and the
 * describe-task and list-annotations endpoints, build the schema, sweep the frames bucket (FRAME_GC_ON_START). main.ts serves the schema
 * with the parsed environment; integration tests call this with their own config. close() stops the consumers, waits
 * for the frame sweep, drains NATS and closes the pool: in that order.
 */
export function startTask(config: TaskConfig, runtime: { logger: Logger; metrics?: Registry }): Promise<TaskApp> {
  const { logger, metrics } = runtime;
  const { database, nats, migrateOnStart } = connectionOptions(config);
  const connections = {
    name: "task",
    logger,
    metrics,
    migrateOnStart,
    database: taskDatabase(database),
    nats,
    // What the task service needs from JetStream; infrastructure creates it (`npm run nats:setup`).
    topology: ServiceTopology.task,
    consumerLag: ServiceTopology.task.consumers,
  };
  return startServiceApp(connections, async ({ dataSource, messaging, onClose }) => {
    const frameStore = new FrameStore(await messaging.objectStore(Buckets.frames), messaging.directObjectAccess(Buckets.frames));
    const onFrameCollectError = (err: unknown, objectName: string) =>
      logger.warn({ err, objectName }, "frame bytes could not be removed; the next sweep will");
    // Closing runs the last registered first: the consumers stop, then the sweep is waited for.
    let sweeping: Promise<void> = Promise.resolve();
    onClose("frame sweep", () => sweeping);
    const tasks = new TaskRepository(dataSource);
    const repository = new StagingRepository(dataSource);
    const staging = metrics ? timedStaging(repository, new StagingMetrics(metrics)) : repository;
    const consumers: ConsumerHandle[] = [];
    onClose("consumers", () => Promise.all(consumers.map((c) => c.stop())));
    consumers.push(await startStageResultsConsumer(messaging, staging, logger));
    consumers.push(await startAnnotationCommandsConsumer(messaging, staging, annotationOutcomesPublisher(messaging), logger));
    serveDescribeTask(messaging, tasks, (err) => logger.error({ err }, "describe-task failed"));
    serveListAnnotations(messaging, tasks, new AnnotationListReader(dataSource), (err) => logger.error({ err }, "list-annotations failed"));

    const useCases = createTaskUseCases({
      dataSource,
      frameStore,
      importRoot: config.IMPORT_ROOT,
      maxUploadBytes: config.MAX_UPLOAD_BYTES,
      maxUploadRequestBytes: config.MAX_UPLOAD_REQUEST_BYTES,
      maxFramePixels: config.MAX_FRAME_PIXELS,
      labelSchemaLimits: {
        maxLabels: config.LABEL_SCHEMA_MAX_LABELS,
        maxAttributes: config.LABEL_SCHEMA_MAX_ATTRIBUTES,
        maxValues: config.LABEL_SCHEMA_MAX_VALUES,
        maxBytes: config.LABEL_SCHEMA_MAX_BYTES,
      },
      frameClaimTtlMs: config.FRAME_CLAIM_TTL_MS,
      videoLimits: {
        maxBytes: config.VIDEO_MAX_BYTES,
        maxFrames: config.VIDEO_MAX_FRAMES,
        maxPixels: config.VIDEO_MAX_PIXELS,
        timeoutMs: config.VIDEO_DECODE_TIMEOUT_MS,
      },
      videoDecoder: ffmpegVideoDecoder({ ffmpegPath: config.FFMPEG_PATH, ffprobePath: config.FFPROBE_PATH, searchPath: config.PATH }),
      videoObserver: metrics ? new VideoMetrics(metrics) : undefined,
      annotationImportLimits: { maxBytes: config.ANNOTATION_IMPORT_MAX_BYTES, maxShapes: config.ANNOTATION_IMPORT_MAX_SHAPES },
      saveAnnotationsLimits: { maxItems: config.SAVE_ANNOTATIONS_MAX_ITEMS, maxPointsPerShape: config.ANNOTATION_MAX_POINTS },
      saveAnnotationsLockWaitMs: config.SAVE_ANNOTATIONS_LOCK_WAIT_MS,
      announceTaskDeleted: taskDeletedAnnouncer(messaging),
      onFrameCollectError,
      onFrameImageUnreadable: (err, frame) => logger.error({ err, ...frame }, "frame bytes could not be read for Frame.image"),
      onFrameImageBackgroundError: (err, frame) =>
        logger.warn({ err, ...frame }, "a frame thumbnail was not rendered ahead or not kept; it is rendered when asked for"),
      exports: {
        secret: exportTokenSecret(config, logger),
        limits: {
          tokenTtlMs: config.EXPORT_TOKEN_TTL_MS,
          maxConcurrentPerTenant: config.EXPORT_MAX_CONCURRENT_PER_TENANT,
          publicBaseUrl: config.EXPORT_PUBLIC_URL,
        },
      },
    });
    // Closed before NATS and the pool (registered after them): the eager thumbnails stop first.
    onClose("frame thumbnails", () => useCases.frameImages.close());
    const schema = await buildTaskSubgraph(useCases);

    if (config.FRAME_GC_ON_START) {
      // In the background: a large bucket must not delay readiness. Safe on every replica at once.
      const collector = new FrameObjectCollector(
        new FrameObjectRepository(dataSource, config.FRAME_CLAIM_TTL_MS),
        frameStore,
        onFrameCollectError,
      );
      sweeping = collector.sweep().then(
        (report) => logger.info({ ...report, removed: report.removed.length }, "frame object sweep done"),
        (err: unknown) => logger.warn({ err }, "frame object sweep failed; run prelabel-task-gc or restart to retry"),
      );
    }
    return { schema, routes: [exportDownloadRoute(useCases.exports, logger)], exports: useCases.exports };
  });
}

/** EXPORT_TOKEN_SECRET, or (self-hosted, unset) a random key for this process: its links die with it. */
function exportTokenSecret(config: TaskConfig, logger: Logger): string {
  if (config.EXPORT_TOKEN_SECRET) return config.EXPORT_TOKEN_SECRET;
  logger.info("EXPORT_TOKEN_SECRET unset: download links are signed with a per-process key (one replica; a restart voids them)");
  return randomBytes(32).toString("base64url");
}

/**
 * `gc` mode: one sweep of the frames bucket against the configured database and NATS. Expired import claims go,
 * then every frame object no frame row or claim references. Safe next to running services (it migrates nothing).
 */
export async function sweepFrameObjects(config: TaskConfig, logger: Logger): Promise<FrameSweepReport> {
  const failures: string[] = [];
  const connections = {
    name: "task-gc",
    logger,
    migrateOnStart: false,
    database: taskDatabase({ url: config.DATABASE_URL, poolSize: 2, applicationName: "prelabel-task-gc" }),
    nats: { url: config.NATS_URL, namespace: config.NATS_NAMESPACE },
  };
  const gc = await startServiceApp(connections, async ({ dataSource, messaging }) => ({
    collector: new FrameObjectCollector(
      new FrameObjectRepository(dataSource, config.FRAME_CLAIM_TTL_MS),
      new FrameStore(await messaging.objectStore(Buckets.frames), messaging.directObjectAccess(Buckets.frames)),
      (err, name) => failures.push(`${name}: ${err instanceof Error ? err.message : String(err)}`),
    ),
  }));
  try {
    const report = await gc.collector.sweep();
    for (const failure of failures) console.error(`not removed: ${failure}`);
    return report;
  } finally {
    await gc.close();
  }
}

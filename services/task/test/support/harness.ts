import "reflect-metadata";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Messaging } from "@prelabel/messaging";
import { Buckets } from "@prelabel/proto";
import { createLogger, formatGraphQLError, startSubgraphServer, subgraphAuth } from "@prelabel/service-kit";
import type { CallerContext, Logger } from "@prelabel/service-kit";
import { createTestDatabase, createTestNats, type TestDatabase, type TestNats } from "@prelabel/testing";
import { graphql, type ExecutionResult, type GraphQLSchema } from "graphql";
import sharp from "sharp";
import type { DataSource } from "typeorm";
import { createTaskUseCases, startTask, type TaskApp, type TaskUseCaseDeps } from "../../src/app.js";
import { DEFAULT_VIDEO_LIMITS, frameUploadLimits, type TaskConfig } from "../../src/config.js";
import { DEFAULT_LABEL_SCHEMA_LIMITS } from "../../src/domain/label-schema.js";
import { TaskErrorCode } from "../../src/domain/task-error-codes.js";
import { createDataSource, migrate } from "../../src/persistence/data-source.js";
import { taskDeletedAnnouncer } from "../../src/messaging/publishers/task-events.publisher.js";
import { FrameStore } from "../../src/persistence/frame.store.js";
import { buildTaskSubgraph } from "../../src/subgraph.js";
import { SELF_HOSTED_CALLER } from "./callers.js";

/** Download links in schema-only tests: a fixed key, five minutes, two at once. */
export const TEST_EXPORT_SETTINGS = {
  secret: "test-export-token-secret-0123456789abcdef",
  limits: { tokenTtlMs: 5 * 60 * 1000, maxConcurrentPerTenant: 2, publicBaseUrl: "" },
};

export const silentLogger: Logger = createLogger("task-test", "silent");

/** A unique database and NATS namespace, both removed by `cleanup`, whatever else runs on the servers. */
export interface Infra {
  db: TestDatabase;
  nats: TestNats;
  /** A client in the test namespace (for publishing, requests and the object store). */
  messaging: Messaging;
  cleanup(): Promise<void>;
}

export async function createInfra(): Promise<Infra> {
  const db = await createTestDatabase();
  let nats: TestNats | undefined;
  try {
    nats = await createTestNats();
    const messaging = await Messaging.connect({ url: nats.url, namespace: nats.namespace, name: "task-test" });
    const n = nats;
    return {
      db,
      nats,
      messaging,
      cleanup: async () => {
        await messaging.close().catch(() => undefined);
        await n.cleanup().catch(() => undefined);
        await db.drop();
      },
    };
  } catch (err) {
    await nats?.cleanup().catch(() => undefined);
    await db.drop();
    throw err;
  }
}

/** The schema built over a migrated database: operations run with graphql(), no port. */
export interface SchemaHarness extends Infra {
  dataSource: DataSource;
  frameStore: FrameStore;
  schema: GraphQLSchema;
  /** As the self-hosted caller (the default tenant). */
  exec<T = Record<string, any>>(source: string, variableValues?: Record<string, unknown>): Promise<ExecutionResult<T>>;
  /** As the given caller (callers.ts's `callerOf`); a fresh context object per call, as the server builds one per operation. */
  execAs<T = Record<string, any>>(
    caller: CallerContext,
    source: string,
    variableValues?: Record<string, unknown>,
  ): Promise<ExecutionResult<T>>;
}

export async function createSchemaHarness(
  options: { importRoot?: string; maxUploadBytes?: number } & Pick<
    TaskUseCaseDeps,
    | "frameImageLimits"
    | "onFrameImageUnreadable"
    | "onFrameImageBackgroundError"
    | "renderFrameImage"
    | "annotationImportLimits"
    | "annotationImportBatchSize"
    | "saveAnnotationsLimits"
    | "saveAnnotationsLockWaitMs"
    | "videoLimits"
    | "videoDecoder"
  > = {},
): Promise<SchemaHarness> {
  const infra = await createInfra();
  const dataSource = createDataSource({ url: infra.db.url, poolSize: 4 });
  try {
    await dataSource.initialize();
    await migrate(dataSource);
    const frameStore = new FrameStore(
      await infra.messaging.objectStore(Buckets.frames),
      infra.messaging.directObjectAccess(Buckets.frames),
    );
    const useCases = createTaskUseCases({
      dataSource,
      frameStore,
      importRoot: options.importRoot,
      maxUploadBytes: options.maxUploadBytes ?? 50 * 1024 * 1024,
      maxFramePixels: 100e6,
      exports: TEST_EXPORT_SETTINGS,
      announceTaskDeleted: taskDeletedAnnouncer(infra.messaging),
      frameImageLimits: options.frameImageLimits,
      onFrameImageUnreadable: options.onFrameImageUnreadable,
      onFrameImageBackgroundError: options.onFrameImageBackgroundError,
      renderFrameImage: options.renderFrameImage,
      videoLimits: options.videoLimits,
      videoDecoder: options.videoDecoder,
      annotationImportLimits: options.annotationImportLimits,
      annotationImportBatchSize: options.annotationImportBatchSize,
      saveAnnotationsLimits: options.saveAnnotationsLimits,
      saveAnnotationsLockWaitMs: options.saveAnnotationsLockWaitMs,
    });
    const schema = await buildTaskSubgraph(useCases);
    return {
      ...infra,
      dataSource,
      frameStore,
      schema,
      exec: (source, variableValues) => graphql({ schema, source, variableValues, contextValue: { ...SELF_HOSTED_CALLER } }) as never,
      execAs: (caller, source, variableValues) => graphql({ schema, source, variableValues, contextValue: { ...caller } }) as never,
      cleanup: async () => {
        await useCases.frameImages.close();
        await dataSource.destroy().catch(() => undefined);
        await infra.cleanup();
      },
    };
  } catch (err) {
    await dataSource.destroy().catch(() => undefined);
    await infra.cleanup();
    throw err;
  }
}

/** The error codes a client would see (through the service's one error formatter). */
export function errorCodes(result: ExecutionResult): string[] {
  return (result.errors ?? []).map((e) => String(formatGraphQLError(e.toJSON(), e).extensions?.code));
}

export function errorMessages(result: ExecutionResult): string[] {
  return (result.errors ?? []).map((e) => formatGraphQLError(e.toJSON(), e).message);
}

/** Asserts success and returns the data. */
export function dataOf<T>(result: ExecutionResult<T>): T {
  if (result.errors?.length) throw new Error(`GraphQL errors: ${result.errors.map((e) => `${e.message} ${e.stack ?? ""}`).join("\n")}`);
  // graphql-js builds null-prototype objects; plain ones compare with deepEqual.
  return JSON.parse(JSON.stringify(result.data)) as T;
}

/** A real image of the given size. */
export function makeImage(width: number, height: number, format: "png" | "jpeg" = "png", color = "#3366cc"): Promise<Buffer> {
  const image = sharp({ create: { width, height, channels: 3, background: color } });
  return (format === "png" ? image.png() : image.jpeg()).toBuffer();
}

export async function makeTempDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** The task service served over HTTP. */
export interface ServedTask {
  url: string;
  /** The schema being served (tests may also execute it directly). */
  schema: GraphQLSchema;
  /** The started app (its data source and messaging for seeding). */
  app: TaskApp;
  /** Closes the server, then the app (consumers, frame sweep, NATS, pool). */
  stop(): Promise<void>;
}

/** The task service as main.ts serves it: the app (startTask) behind the subgraph server, with its upload limits and codes. */
export async function serveTask(config: TaskConfig): Promise<ServedTask> {
  const app = await startTask(config, { logger: silentLogger });
  const server = await startSubgraphServer({
    name: "task",
    schema: app.schema,
    host: config.HOST,
    port: config.PORT,
    logger: silentLogger,
    context: () => ({}),
    auth: subgraphAuth(config),
    ready: app.ready,
    uploads: frameUploadLimits(config),
    errorCodes: TaskErrorCode,
    routes: app.routes,
  }).catch(async (err: unknown) => {
    await app.close();
    throw err;
  });
  let stopping: Promise<void> | undefined;
  const stop = async () => {
    await server.close();
    await app.close();
  };
  return { url: server.url, schema: app.schema, app, stop: () => (stopping ??= stop()) };
}

/** Service config for serveTask against the test infrastructure, on a free port. */
export function serviceConfig(infra: Infra, overrides: Partial<TaskConfig> = {}): TaskConfig {
  return {
    LOG_LEVEL: "silent",
    NATS_URL: infra.nats.url,
    NATS_NAMESPACE: infra.nats.namespace,
    SHUTDOWN_GRACE_MS: 5_000,
    PRELABEL_MODE: "self-hosted",
    IDENTITY_PUBLIC_KEY: undefined,
    HOST: "127.0.0.1",
    PORT: 0,
    DATABASE_URL: infra.db.url,
    DATABASE_POOL_SIZE: 5,
    IMPORT_ROOT: undefined,
    MAX_UPLOAD_BYTES: 50 * 1024 * 1024,
    MAX_FRAME_PIXELS: 100e6,
    MAX_UPLOAD_FILES: 100,
    LABEL_SCHEMA_MAX_LABELS: DEFAULT_LABEL_SCHEMA_LIMITS.maxLabels,
    LABEL_SCHEMA_MAX_ATTRIBUTES: DEFAULT_LABEL_SCHEMA_LIMITS.maxAttributes,
    LABEL_SCHEMA_MAX_VALUES: DEFAULT_LABEL_SCHEMA_LIMITS.maxValues,
    LABEL_SCHEMA_MAX_BYTES: DEFAULT_LABEL_SCHEMA_LIMITS.maxBytes,
    MAX_UPLOAD_REQUEST_BYTES: 100 * 1024 * 1024,
    DB_MIGRATE_ON_START: true,
    FRAME_GC_ON_START: false,
    FRAME_CLAIM_TTL_MS: 24 * 60 * 60 * 1000,
    VIDEO_MAX_BYTES: DEFAULT_VIDEO_LIMITS.maxBytes,
    VIDEO_MAX_FRAMES: DEFAULT_VIDEO_LIMITS.maxFrames,
    VIDEO_MAX_PIXELS: DEFAULT_VIDEO_LIMITS.maxPixels,
    VIDEO_DECODE_TIMEOUT_MS: DEFAULT_VIDEO_LIMITS.timeoutMs,
    FFMPEG_PATH: undefined,
    FFPROBE_PATH: undefined,
    PATH: undefined,
    EXPORT_TOKEN_SECRET: "test-export-token-secret-0123456789abcdef",
    EXPORT_TOKEN_TTL_MS: 5 * 60 * 1000,
    EXPORT_MAX_CONCURRENT_PER_TENANT: 2,
    EXPORT_PUBLIC_URL: "",
    // Small, so addFrames' request limits in http-upload.int-spec stay what they test (the multipart limits take the larger).
    ANNOTATION_IMPORT_MAX_BYTES: 100_000,
    ANNOTATION_IMPORT_MAX_SHAPES: 1_000_000,
    SAVE_ANNOTATIONS_MAX_ITEMS: 1_000,
    ANNOTATION_MAX_POINTS: 10_000,
    SAVE_ANNOTATIONS_LOCK_WAIT_MS: 2_000,
    ...overrides,
  };
}

/** Polls until `probe` returns a truthy value or the time is up. */
export async function eventually<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const CREATE_TASK = `
  mutation ($input: CreateTaskInput!) {
    createTask(input: $input) {
      id name size createdAt
      labels { id name type attributes { name inputType values defaultValue } sublabels { id name type } }
    }
  }`;

/** A schema with a plain label, an attributed one and a skeleton. */
export const SAMPLE_LABELS = [
  {
    name: "car",
    type: "RECTANGLE",
    attributes: [
      { name: "color", inputType: "SELECT", values: ["red", "blue"], defaultValue: "red" },
      { name: "speed", inputType: "NUMBER", values: ["0", "200", "1"] },
    ],
  },
  {
    name: "person",
    type: "SKELETON",
    sublabels: [
      { name: "head", type: "POINTS" },
      { name: "foot", type: "POINTS" },
    ],
  },
  { name: "road", type: "MASK" },
];

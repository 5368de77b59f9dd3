import "reflect-metadata";
import { randomUUID } from "node:crypto";
import type { JsMsg } from "@nats-io/jetstream";
import { EndpointError, Header, Messaging } from "@prelabel/messaging";
import {
  AnnotationsCommittedSchema,
  AnnotationsDiscardedSchema,
  CommitAnnotationsSchema,
  Buckets,
  Consumers,
  Contracts,
  create,
  DescribeModelReplySchema,
  DescribeTaskReplySchema,
  type DescribeTaskRequest,
  DiscardAnnotationsSchema,
  Endpoints,
  FrameFailedSchema,
  FrameInferredSchema,
  fromBinary,
  InferFrameSchema,
  toBinary,
  type CommitAnnotations,
  type DiscardAnnotations,
  type InferFrame,
  type MessageInitShape,
  ModelDescriptorSchema,
  LabelSchema,
  ModelLabelSchema,
  type ConsumerRef,
} from "@prelabel/proto";
import { DEFAULT_TENANT_ID } from "@prelabel/identity";
import { createLogger, formatGraphQLError, messageTenant } from "@prelabel/service-kit";
import { createTestDatabase, createTestNats, type TestDatabase, type TestNats } from "@prelabel/testing";
import { graphql, parse, subscribe, type ExecutionResult, type GraphQLFormattedError } from "graphql";
import type { DataSource } from "typeorm";
import { startAnnotationJob, type AnnotationJobApp, type AnnotationJobSettings } from "../../src/app.js";
import type { Registry } from "@prelabel/observability";

export type TaskFixture = {
  id: string;
  name?: string;
  size: number;
  labels: MessageInitShape<typeof LabelSchema>[];
  /** Slows describe-task down, e.g. so racing starts all pass the early check. */
  describeDelayMs?: number;
  /** The owning tenant (default: the self-hosted default tenant); other tenants get NOT_FOUND, as from the real service. */
  tenantId?: string;
};
export type ModelFixture = {
  id: string;
  name?: string;
  runtime?: string;
  defaultThreshold: number;
  labels: MessageInitShape<typeof ModelLabelSchema>[];
  /** Unset: a catalog model, visible to every tenant. */
  tenantId?: string;
  /** The registry's reason no job can run it (ModelDescriptor.unsupported_reason). */
  unsupportedReason?: string;
};

/** The GraphQL context the subgraph server builds for a verified caller of `tenantId`. */
export const callerContext = (tenantId = DEFAULT_TENANT_ID) => ({ identity: { tenantId, subject: `user@${tenantId}`, roles: ["ADMIN"] } });

export interface GraphQLResult<T = Record<string, any>> {
  data?: T | null;
  errors?: GraphQLFormattedError[];
}

/**
 * One service instance against a fresh database and NATS namespace, plus a "peer" connection
 * that plays the task service, the model registry and the workers over the real protocol.
 */
export class Harness {
  readonly tasks = new Map<string, TaskFixture>();
  readonly models = new Map<string, ModelFixture>();
  /** Every describe-task request the fake task service answered (or refused), in order. */
  readonly describeTaskRequests: DescribeTaskRequest[] = [];
  /** The fake task service's clamp on `frame_limit` (the real one clamps at 2,000). */
  describePageMax = 2_000;
  private endpoints: { unsubscribe(): void }[] = [];

  private constructor(
    readonly db: TestDatabase,
    readonly nats: TestNats,
    readonly peer: Messaging,
    readonly app: AnnotationJobApp,
  ) {}

  get dataSource(): DataSource {
    return this.app.dataSource;
  }

  get messaging(): Messaging {
    return this.app.messaging;
  }

  /** `options.metrics`: the registry the service's series and its consumers' lag go to, as main.ts's /metrics. */
  static async start(settings: Partial<AnnotationJobSettings> = {}, options: { metrics?: Registry } = {}): Promise<Harness> {
    const cleanups: (() => Promise<unknown>)[] = [];
    try {
      const db = await createTestDatabase();
      cleanups.push(() => db.drop());
      const nats = await createTestNats();
      cleanups.push(() => nats.cleanup());
      const peer = await Messaging.connect({ url: nats.url, namespace: nats.namespace, name: "annotation-job-test-peer" });
      cleanups.push(() => peer.close());
      // As main.ts starts it (migrations, topology check, consumers, watcher, sweeper), without the HTTP listener.
      const app = await startAnnotationJob({
        database: { url: db.url, poolSize: 6 },
        nats: { url: nats.url, namespace: nats.namespace },
        logger: createLogger("annotation-job-test", process.env.TEST_LOG_LEVEL ?? "silent"),
        metrics: options.metrics,
        settings: { describeTimeoutMs: 2_000, ...settings },
      });
      const harness = new Harness(db, nats, peer, app);
      harness.serveTaskDirectory();
      harness.serveModelRegistry();
      return harness;
    } catch (err) {
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
      throw err;
    }
  }

  /** Tears everything down, even after a failure; the first error is rethrown at the end. */
  async close(): Promise<void> {
    const steps: (() => Promise<unknown>)[] = [
      () => this.app.close(),
      async () => this.endpoints.forEach((s) => s.unsubscribe()),
      () => this.peer.close(),
      () => this.db.drop(),
      () => this.nats.cleanup(),
    ];
    let first: Error | undefined;
    for (const step of steps) {
      try {
        await step();
      } catch (err) {
        first ??= err instanceof Error ? err : new Error(String(err));
      }
    }
    if (first) throw first;
  }

  // --- the task service and model registry, as the real endpoints answer ---------------------

  addTask(fixture: Partial<TaskFixture> & Pick<TaskFixture, "labels">): TaskFixture {
    const task = { id: randomUUID(), size: 4, ...fixture };
    this.tasks.set(task.id, task);
    return task;
  }

  addModel(fixture: Partial<ModelFixture> & Pick<ModelFixture, "labels">): ModelFixture {
    const model = { id: randomUUID(), defaultThreshold: 0.4, runtime: "catalog:test-detector", ...fixture };
    this.models.set(model.id, model);
    return model;
  }

  /**
   * Answers describe-task as the task service does: `omit_frames` → no frames; `frame_limit` →
   * one page (clamped to `describePageMax`) and `next_frame_start`; neither → the whole range in
   * one reply, PAYLOAD_TOO_LARGE when that exceeds the server's max_payload.
   */
  serveTaskDirectory(): void {
    this.endpoints.push(
      this.peer.serve(Endpoints.describeTask, async (req) => {
        this.describeTaskRequests.push(req);
        const found = this.tasks.get(req.taskId);
        const task = found && (found.tenantId ?? DEFAULT_TENANT_ID) === messageTenant(req.tenantId) ? found : undefined;
        if (!task) throw new EndpointError("NOT_FOUND", `task ${req.taskId} not found`);
        if (task.describeDelayMs) await sleep(task.describeDelayMs);
        const start = Math.max(0, req.frameStart ?? 0);
        const stop = Math.min(req.frameStop ?? task.size - 1, task.size - 1);
        const pageSize =
          req.frameLimit === undefined
            ? Infinity
            : req.frameLimit > 0
              ? Math.min(req.frameLimit, this.describePageMax)
              : this.describePageMax;
        const frames = [];
        let nextFrameStart: number | undefined;
        if (!req.omitFrames) {
          for (let i = start; i <= stop; i++) {
            if (frames.length === pageSize) {
              nextFrameStart = i;
              break;
            }
            frames.push({ index: i, objectName: `sha256-${task.id}-${i}`, width: 640, height: 480 });
          }
        }
        const reply = create(DescribeTaskReplySchema, {
          taskId: task.id,
          name: task.name ?? "task",
          size: task.size,
          labels: task.labels,
          frames,
          nextFrameStart,
        });
        const bytes = toBinary(DescribeTaskReplySchema, reply).byteLength;
        const max = this.peer.nc.info?.max_payload ?? 1024 * 1024;
        if (bytes > max)
          throw new EndpointError("PAYLOAD_TOO_LARGE", `describing ${frames.length} frames takes ${bytes} bytes (max ${max})`);
        return reply;
      }),
    );
  }

  private modelEndpoint?: { unsubscribe(): void };

  serveModelRegistry(): void {
    this.modelEndpoint = this.peer.serve(Endpoints.describeModel, async (req) => {
      const found = this.models.get(req.modelId);
      const model = found && (found.tenantId === undefined || found.tenantId === messageTenant(req.tenantId)) ? found : undefined;
      if (!model) throw new EndpointError("NOT_FOUND", `model ${req.modelId} not found`);
      return create(DescribeModelReplySchema, {
        model: create(ModelDescriptorSchema, {
          id: model.id,
          name: model.name ?? "model",
          runtime: model.runtime,
          defaultThreshold: model.defaultThreshold,
          labels: model.labels,
          unsupportedReason: model.unsupportedReason ?? "",
        }),
      });
    });
    this.endpoints.push(this.modelEndpoint);
  }

  async stopModelRegistry(): Promise<void> {
    this.modelEndpoint?.unsubscribe();
    await this.peer.nc.flush();
  }

  // --- GraphQL, without a port ---------------------------------------------------------------

  /** Runs an operation as a caller of `tenantId` (default: the self-hosted default tenant). */
  async exec<T = Record<string, any>>(
    source: string,
    variableValues?: Record<string, unknown>,
    tenantId?: string,
  ): Promise<GraphQLResult<T>> {
    const result = await graphql({ schema: this.app.schema, source, variableValues, contextValue: callerContext(tenantId) });
    return formatResult(result) as GraphQLResult<T>;
  }

  /** Runs a query that must succeed. */
  async ok<T = Record<string, any>>(source: string, variableValues?: Record<string, unknown>, tenantId?: string): Promise<T> {
    const result = await this.exec<T>(source, variableValues, tenantId);
    if (result.errors?.length) throw new Error(`unexpected GraphQL errors: ${JSON.stringify(result.errors)}`);
    return result.data as T;
  }

  async subscribe(
    source: string,
    variableValues?: Record<string, unknown>,
    tenantId?: string,
  ): Promise<AsyncIterableIterator<GraphQLResult> | GraphQLResult> {
    const result = await subscribe({
      schema: this.app.schema,
      document: parse(source),
      variableValues,
      contextValue: callerContext(tenantId),
    });
    if (Symbol.asyncIterator in result) {
      const iterator = result as AsyncGenerator<ExecutionResult>;
      return {
        next: async () => {
          const r = await iterator.next();
          return r.done ? r : { done: false, value: formatResult(r.value) };
        },
        return: async () => {
          await iterator.return(undefined);
          return { done: true, value: undefined };
        },
        [Symbol.asyncIterator]() {
          return this;
        },
      } as AsyncIterableIterator<GraphQLResult>;
    }
    return formatResult(result);
  }

  // --- the workers and the task service, over JetStream --------------------------------------

  /** Pulls the InferFrame messages of one job from the work queue (as a worker does), acking them. */
  async takeInferFrames(jobId: string, count: number, timeoutMs = 5_000): Promise<{ message: InferFrame; msgId: string | undefined }[]> {
    const msgs = await this.take(Consumers.inferFrames, count, timeoutMs, (m) => fromBinary(InferFrameSchema, m.data).jobId === jobId);
    return msgs.map((m) => ({ message: fromBinary(InferFrameSchema, m.data), msgId: m.headers?.get(Header.msgId) }));
  }

  /** Pulls the next task command (commit or discard) for a job, as the task service does. */
  async takeTaskCommand(
    jobId: string,
    timeoutMs = 5_000,
  ): Promise<{ type: string; commit?: CommitAnnotations; discard?: DiscardAnnotations; msgId: string | undefined }> {
    const decode = (m: JsMsg) => {
      const type = m.headers?.get(Header.type) ?? "";
      if (type === CommitAnnotationsSchema.typeName) return { type, commit: fromBinary(CommitAnnotationsSchema, m.data) };
      return { type, discard: fromBinary(DiscardAnnotationsSchema, m.data) };
    };
    const forJob = (x: JsMsg) => (decode(x).commit ?? decode(x).discard)?.jobId === jobId;
    const [m] = await this.take(Consumers.annotationCommands, 1, timeoutMs, forJob);
    if (!m) throw new Error(`no task command for job ${jobId} within ${timeoutMs} ms`);
    return { ...decode(m), msgId: m.headers?.get(Header.msgId) };
  }

  /** Messages waiting in a stream (work queues: not yet acked). */
  async pending(consumer: ConsumerRef): Promise<number> {
    const info = await this.peer.jsm.consumers.info(this.peer.ns.stream(consumer.stream), consumer.durable);
    return info.num_pending + info.num_ack_pending;
  }

  async frameInferred(
    jobId: string,
    taskId: string,
    frame: number,
    extra: { droppedAttributeValues?: number; unmappedDetections?: number; msgId?: string; tenantId?: string } = {},
  ): Promise<void> {
    await this.peer.publish(
      Contracts.frameInferred,
      create(FrameInferredSchema, {
        jobId,
        taskId,
        frame,
        tenantId: extra.tenantId ?? "",
        droppedAttributeValues: extra.droppedAttributeValues ?? 0,
        unmappedDetections: extra.unmappedDetections ?? 0,
        inferenceMs: 12.5,
        workerId: "test-worker",
      }),
      { msgId: extra.msgId ?? `${jobId}.${frame}` },
    );
  }

  async frameFailed(jobId: string, taskId: string, frame: number, code: string, reason: string, tenantId = ""): Promise<void> {
    await this.peer.publish(
      Contracts.frameFailed,
      create(FrameFailedSchema, { jobId, taskId, frame, code, reason, tenantId, workerId: "test-worker" }),
      {
        msgId: `${jobId}.${frame}`,
      },
    );
  }

  async annotationsCommitted(
    jobId: string,
    taskId: string,
    tenantId = "",
    msgId = `committed.${jobId}`,
    trackCount = 0,
    reviewCount = 0,
  ): Promise<void> {
    await this.peer.publish(
      Contracts.annotationsCommitted,
      create(AnnotationsCommittedSchema, { jobId, taskId, tenantId, annotationCount: 3, trackCount, reviewCount }),
      { msgId },
    );
  }

  async annotationsDiscarded(jobId: string, taskId: string, tenantId = ""): Promise<void> {
    await this.peer.publish(Contracts.annotationsDiscarded, create(AnnotationsDiscardedSchema, { jobId, taskId, tenantId }), {
      msgId: `discarded.${jobId}`,
    });
  }

  async cancelMark(jobId: string): Promise<string | undefined> {
    const kv = await this.peer.keyValue(Buckets.jobControl);
    const entry = await kv.get(jobId);
    return entry?.string();
  }

  private async take(from: ConsumerRef, count: number, timeoutMs: number, wanted: (m: JsMsg) => boolean): Promise<JsMsg[]> {
    const consumer = await this.peer.js.consumers.get(this.peer.ns.stream(from.stream), from.durable);
    const out: JsMsg[] = [];
    const deadline = Date.now() + timeoutMs;
    while (out.length < count && Date.now() < deadline) {
      const batch = await consumer.fetch({
        max_messages: count - out.length,
        expires: Math.max(500, Math.min(1_000, deadline - Date.now())),
      });
      let last: JsMsg | undefined;
      try {
        for await (const m of batch) {
          // A message that is not wanted is a leftover of an earlier test's job (tests in a file run one after
          // another): consume it too.
          if (wanted(m)) out.push(m);
          last?.ack();
          last = m;
        }
      } catch (err) {
        // A loaded machine can starve the fetch's idle-heartbeat monitor; what was taken stays taken, fetch again.
        if (!(err instanceof Error && /heartbeats missed/.test(err.message))) throw err;
      }
      // Callers read consumer info next: acks are handled in order, so the last one confirmed means all are
      // (CI saw num_ack_pending 3 right after taking 4 frames with plain acks only).
      if (last) await last.ackAck();
    }
    return out;
  }
}

export function formatResult(result: ExecutionResult): GraphQLResult {
  return {
    // Plain JSON, as a client sees it (graphql-js builds null-prototype objects).
    data: result.data === undefined ? undefined : (JSON.parse(JSON.stringify(result.data)) as Record<string, any> | null),
    ...(result.errors ? { errors: result.errors.map((e) => formatGraphQLError(e.toJSON(), e)) } : {}),
  };
}

/** Polls until `check` returns a value (not undefined) or throws after the timeout with the last error. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 5_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: Error | undefined;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err instanceof Error ? err : new Error(String(err));
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const JOB_FIELDS = `
  id status framesTotal framesDone framesFailed fps etaSeconds threshold convertMasksToPolygons cleanOldAnnotations
  droppedAttributeValues unmappedDetections createdAt startedAt finishedAt
  tracking { enabled iouThreshold maxAge minHits } trackCount
  thresholds { taskLabelId taskLabel threshold } tiling { tileSize overlap merge } reviewBelow needsReviewCount
  task { id } model { id }
  frameRange { start stop }
  failures { frame code reason }
  mapping { modelLabel taskLabelId taskLabel attributes { modelAttribute taskAttribute } sublabels { modelLabel taskLabel } }
`;

import "reflect-metadata";
import { buildFederatedSchema } from "@prelabel/service-kit";
import type { GraphQLSchema } from "graphql";
import { GraphQLDateTime } from "graphql-scalars";
import type { DataSource } from "typeorm";
import { AnnotationResolver } from "./graphql/annotation/annotation.resolver.js";
import { TaskResolver } from "./graphql/task/task.resolver.js";
import { resolveTaskReference } from "./graphql/task/task.reference.js";
import { DEFAULT_FRAME_CLAIM_TTL_MS } from "./config.js";
import { DEFAULT_LABEL_SCHEMA_LIMITS, type LabelSchemaLimits } from "./domain/label-schema.js";
import type { TaskDeletedAnnouncer } from "./messaging/publishers/task-events.publisher.js";
import { AnnotationRepository } from "./persistence/annotation.repository.js";
import { FrameObjectRepository } from "./persistence/frame-object.repository.js";
import { TaskRepository } from "./persistence/task.repository.js";
import { FrameObjectCollector } from "./storage/frame-object.collector.js";
import type { FrameStore } from "./storage/frame-store.js";

export interface TaskSubgraphDeps {
  dataSource: DataSource;
  frameStore: FrameStore;
  /** Directory importFrames may read below; unset disables importFrames (INVALID_PATH). */
  importRoot?: string;
  maxUploadBytes: number;
  maxFramePixels: number;
  /** How large a createTask label schema may be (default DEFAULT_LABEL_SCHEMA_LIMITS). */
  labelSchemaLimits?: LabelSchemaLimits;
  /** Publishes TaskDeleted inside deleteTask's transaction (messaging/task-events.publisher.ts). */
  announceTaskDeleted: TaskDeletedAnnouncer;
  /** Claims of imports older than this are expired by the sweep (default FRAME_CLAIM_TTL_MS's). */
  frameClaimTtlMs?: number;
  /** Frame bytes that could not be removed after a delete (left for the sweep). */
  onFrameCollectError?: (err: unknown, objectName: string) => void;
}

/** The task subgraph's federated schema. It never listens: main.ts serves it, tests execute it directly. */
export async function buildTaskSubgraph(deps: TaskSubgraphDeps): Promise<GraphQLSchema> {
  const tasks = new TaskRepository(deps.dataSource);
  const annotations = new AnnotationRepository(deps.dataSource);
  const frameObjects = new FrameObjectRepository(deps.dataSource, deps.frameClaimTtlMs ?? DEFAULT_FRAME_CLAIM_TTL_MS);
  const collector = new FrameObjectCollector(frameObjects, deps.frameStore, deps.onFrameCollectError);
  const instances = new Map<unknown, object>([
    [
      TaskResolver,
      new TaskResolver({
        tasks,
        annotations,
        frameStore: deps.frameStore,
        frameObjects,
        collector,
        importRoot: deps.importRoot,
        maxUploadBytes: deps.maxUploadBytes,
        maxFramePixels: deps.maxFramePixels,
        labelSchemaLimits: deps.labelSchemaLimits ?? DEFAULT_LABEL_SCHEMA_LIMITS,
        announceTaskDeleted: deps.announceTaskDeleted,
      }),
    ],
    [AnnotationResolver, new AnnotationResolver({ tasks, annotations })],
  ]);
  return buildFederatedSchema({
    resolvers: [TaskResolver, AnnotationResolver],
    container: { get: (someClass) => instances.get(someClass) },
    scalarsMap: [{ type: Date, scalar: GraphQLDateTime }],
    validate: false,
    referenceResolvers: { Task: resolveTaskReference(tasks) },
  });
}

import "reflect-metadata";
import { buildFederatedSchema } from "@prelabel/service-kit";
import type { GraphQLSchema } from "graphql";
import { GraphQLDateTime } from "graphql-scalars";
import type { DataSource } from "typeorm";
import { AnnotationResolver } from "./graphql/annotation/annotation.resolver.js";
import { TaskResolver } from "./graphql/task/task.resolver.js";
import { resolveTaskReference } from "./graphql/task/task.reference.js";
import { AnnotationRepository } from "./persistence/annotation.repository.js";
import { TaskRepository } from "./persistence/task.repository.js";
import type { FrameStore } from "./storage/frame-store.js";

export interface TaskSubgraphDeps {
  dataSource: DataSource;
  frameStore: FrameStore;
  /** Directory importFrames may read below; unset disables importFrames (INVALID_PATH). */
  importRoot?: string;
  maxUploadBytes: number;
  maxFramePixels: number;
}

/** The task subgraph's federated schema. It never listens: main.ts serves it, tests execute it directly. */
export async function buildTaskSubgraph(deps: TaskSubgraphDeps): Promise<GraphQLSchema> {
  const tasks = new TaskRepository(deps.dataSource);
  const annotations = new AnnotationRepository(deps.dataSource);
  const instances = new Map<unknown, object>([
    [
      TaskResolver,
      new TaskResolver({
        tasks,
        annotations,
        frameStore: deps.frameStore,
        importRoot: deps.importRoot,
        maxUploadBytes: deps.maxUploadBytes,
        maxFramePixels: deps.maxFramePixels,
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

import "reflect-metadata";
import { buildFederatedSchema } from "@prelabel/service-kit";
import type { GraphQLSchema } from "graphql";
import { GraphQLDateTime } from "graphql-scalars";
import { AnnotationExportResolver } from "./graphql/annotation/annotation-export.resolver.js";
import { AnnotationImportResolver } from "./graphql/annotation/annotation-import.resolver.js";
import { AnnotationEditResolver } from "./graphql/annotation/annotation-edit.resolver.js";
import { AnnotationResolver } from "./graphql/annotation/annotation.resolver.js";
import { FrameResolver } from "./graphql/frame/frame.resolver.js";
import { resolveTaskReference } from "./graphql/task/task.reference.js";
import { TaskResolver, type TaskUseCases } from "./graphql/task/task.resolver.js";
import { TrackResolver, TrackShapeElementResolver } from "./graphql/track/track.resolver.js";
import { VideoResolver } from "./graphql/video/video.resolver.js";
// Imported last: its Task field follows the task resolver's in the SDL.
import { ReviewResolver } from "./graphql/review/review.resolver.js";

export type { TaskUseCases } from "./graphql/task/task.resolver.js";

/**
 * The task subgraph's federated schema over its use cases (app.ts's createTaskUseCases builds them). It never
 * listens: main.ts serves it, tests execute it directly.
 */
export async function buildTaskSubgraph(useCases: TaskUseCases): Promise<GraphQLSchema> {
  const instances = new Map<unknown, object>([
    [TaskResolver, new TaskResolver(useCases)],
    [AnnotationResolver, new AnnotationResolver(useCases.queries)],
    [AnnotationEditResolver, new AnnotationEditResolver(useCases.edits)],
    [TrackResolver, new TrackResolver(useCases.queries)],
    [TrackShapeElementResolver, new TrackShapeElementResolver(useCases.queries)],
    [FrameResolver, new FrameResolver(useCases.frameImages, useCases.frameImagesPerOperation)],
    [VideoResolver, new VideoResolver(useCases)],
    [AnnotationImportResolver, new AnnotationImportResolver(useCases.annotationImports)],
    [AnnotationExportResolver, new AnnotationExportResolver(useCases.exports)],
    [ReviewResolver, new ReviewResolver(useCases.reviews)],
  ]);
  return buildFederatedSchema({
    resolvers: [
      TaskResolver,
      AnnotationResolver,
      AnnotationEditResolver,
      TrackResolver,
      TrackShapeElementResolver,
      FrameResolver,
      VideoResolver,
      AnnotationImportResolver,
      AnnotationExportResolver,
      ReviewResolver,
    ],
    container: { get: (someClass) => instances.get(someClass) },
    scalarsMap: [{ type: Date, scalar: GraphQLDateTime }],
    validate: false,
    referenceResolvers: { Task: resolveTaskReference(useCases.queries) },
  });
}

import type { GraphQLSchema } from "graphql";
import type { BatchView } from "../../application/auto-annotation-batch.service.js";
import type { JobProgressStreams, ProgressStreams } from "../../application/job-progress-streams.js";

/**
 * type-graphql's `@Subscription({ subscribe })` is fixed at decoration time and receives only
 * { args, context, info }. To keep buildJobSubgraph(deps) free of any context contract, each
 * built schema registers its progress streams here, and `subscribe` finds them via `info.schema`.
 */
const sources = new WeakMap<GraphQLSchema, JobProgressStreams>();
const batchSources = new WeakMap<GraphQLSchema, ProgressStreams<BatchView>>();

export function registerProgressSource(schema: GraphQLSchema, streams: JobProgressStreams, batches: ProgressStreams<BatchView>): void {
  sources.set(schema, streams);
  batchSources.set(schema, batches);
}

export function progressSourceFor(schema: GraphQLSchema): JobProgressStreams {
  const streams = sources.get(schema);
  if (!streams) throw new Error("this schema was not built by buildJobSubgraph: no progress source registered");
  return streams;
}

export function batchProgressSourceFor(schema: GraphQLSchema): ProgressStreams<BatchView> {
  const streams = batchSources.get(schema);
  if (!streams) throw new Error("this schema was not built by buildJobSubgraph: no batch progress source registered");
  return streams;
}

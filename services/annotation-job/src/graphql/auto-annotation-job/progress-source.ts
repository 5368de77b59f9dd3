import type { GraphQLSchema } from "graphql";
import type { JobProgressStreams } from "../../application/job-progress-streams.js";

/**
 * type-graphql's `@Subscription({ subscribe })` is fixed at decoration time and receives only
 * { args, context, info }. To keep buildJobSubgraph(deps) free of any context contract, each
 * built schema registers its progress streams here, and `subscribe` finds them via `info.schema`.
 */
const sources = new WeakMap<GraphQLSchema, JobProgressStreams>();

export function registerProgressSource(schema: GraphQLSchema, streams: JobProgressStreams): void {
  sources.set(schema, streams);
}

export function progressSourceFor(schema: GraphQLSchema): JobProgressStreams {
  const streams = sources.get(schema);
  if (!streams) throw new Error("this schema was not built by buildJobSubgraph: no progress source registered");
  return streams;
}

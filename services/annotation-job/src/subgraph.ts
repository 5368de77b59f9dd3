import "reflect-metadata";
import { buildFederatedSchema, callerTenant } from "@prelabel/service-kit";
import type { GraphQLSchema } from "graphql";
import type { AutoAnnotationBatchService, BatchView } from "./application/auto-annotation-batch.service.js";
import type { AutoAnnotationService } from "./application/auto-annotation.service.js";
import type { EvaluationService } from "./application/evaluation.service.js";
import type { JobProgressStreams, ProgressStreams } from "./application/job-progress-streams.js";
import type { PreviewService } from "./application/preview.service.js";
import { toJobType } from "./graphql/auto-annotation-job/auto-annotation-job.mapper.js";
import { AutoAnnotationJobResolver } from "./graphql/auto-annotation-job/auto-annotation-job.resolver.js";
import { registerProgressSource } from "./graphql/auto-annotation-job/progress-source.js";
import { toEvaluationType } from "./graphql/evaluation/evaluation.mapper.js";
import { EvaluationResolver, TaskEvaluationsResolver } from "./graphql/evaluation/evaluation.resolver.js";
import { PreviewResolver } from "./graphql/preview/preview.resolver.js";
import { DateTimeScalar } from "./graphql/scalars/date-time.scalar.js";
import { TaskResolver } from "./graphql/task/task.resolver.js";
// After the job's and the task's types: the SDL lists types in the order they are declared.
import { toBatchType } from "./graphql/auto-annotation-batch/auto-annotation-batch.mapper.js";
import { AutoAnnotationBatchResolver } from "./graphql/auto-annotation-batch/auto-annotation-batch.resolver.js";

const unusedPubSub = {
  publish: () => {
    throw new Error("annotation-job publishes progress over NATS, not through type-graphql's PubSub");
  },
  subscribe: () => {
    throw new Error("annotation-job subscriptions use their own async iterators, not type-graphql's PubSub");
  },
};

export interface JobSubgraphDeps {
  jobs: AutoAnnotationService;
  previews: PreviewService;
  progress: JobProgressStreams;
  batches: AutoAnnotationBatchService;
  batchProgress: ProgressStreams<BatchView>;
  evaluations: EvaluationService;
}

/** The annotation-job subgraph schema (federation v2). Builds, never listens. */
export async function buildJobSubgraph(deps: JobSubgraphDeps): Promise<GraphQLSchema> {
  const instances = new Map<unknown, unknown>([
    [AutoAnnotationJobResolver, new AutoAnnotationJobResolver(deps.jobs)],
    [TaskResolver, new TaskResolver(deps.jobs)],
    [AutoAnnotationBatchResolver, new AutoAnnotationBatchResolver(deps.batches)],
    [PreviewResolver, new PreviewResolver(deps.previews)],
    [EvaluationResolver, new EvaluationResolver(deps.evaluations)],
    [TaskEvaluationsResolver, new TaskEvaluationsResolver(deps.evaluations)],
  ]);
  const schema = await buildFederatedSchema({
    resolvers: [
      AutoAnnotationJobResolver,
      TaskResolver,
      AutoAnnotationBatchResolver,
      PreviewResolver,
      EvaluationResolver,
      TaskEvaluationsResolver,
    ],
    container: {
      get: (cls: unknown) => {
        const instance = instances.get(cls);
        if (!instance) throw new Error(`no instance for resolver ${String((cls as { name?: string }).name)}`);
        return instance;
      },
    },
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    // type-graphql rc.4 insists on a PubSub as soon as any @Subscription exists, even one with its
    // own `subscribe` (ours); this one is never used and says so if it ever is.
    pubSub: unusedPubSub,
    referenceResolvers: {
      AutoAnnotationJob: async (reference, context) => {
        const job = await deps.jobs.get(callerTenant(context), reference.id);
        return job ? toJobType(job) : null;
      },
      AutoAnnotationBatch: async (reference, context) => {
        const view = await deps.batches.get(callerTenant(context), reference.id);
        return view ? toBatchType(view) : null;
      },
      Evaluation: async (reference, context) => {
        const evaluation = await deps.evaluations.get(callerTenant(context), reference.id);
        return evaluation ? toEvaluationType(evaluation) : null;
      },
      Task: (reference) => ({ id: reference.id }),
    },
  });
  registerProgressSource(schema, deps.progress, deps.batchProgress);
  return schema;
}

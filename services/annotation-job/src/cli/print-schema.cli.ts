import "reflect-metadata";
import { printSubgraphSdl, runSchemaPrinter } from "@prelabel/service-kit";
import type { AutoAnnotationBatchService, BatchView } from "../application/auto-annotation-batch.service.js";
import type { AutoAnnotationService } from "../application/auto-annotation.service.js";
import type { EvaluationService } from "../application/evaluation.service.js";
import type { JobProgressStreams, ProgressStreams } from "../application/job-progress-streams.js";
import type { PreviewService } from "../application/preview.service.js";
import { buildJobSubgraph } from "../subgraph.js";

/** The subgraph SDL, built without connecting to anything: printing needs only the schema's shape, never a resolver. */
export async function printAnnotationJobSdl(): Promise<string> {
  const unused = new Proxy({}, { get: () => () => Promise.reject(new Error("print-schema runs no resolver")) });
  return printSubgraphSdl(
    await buildJobSubgraph({
      jobs: unused as AutoAnnotationService,
      previews: unused as PreviewService,
      progress: unused as JobProgressStreams,
      batches: unused as AutoAnnotationBatchService,
      batchProgress: unused as ProgressStreams<BatchView>,
      evaluations: unused as EvaluationService,
    }),
  );
}

if (require.main === module) {
  runSchemaPrinter(printAnnotationJobSdl, "@prelabel/annotation-job", process.argv.slice(2)).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}

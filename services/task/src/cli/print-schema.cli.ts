import "reflect-metadata";
import { printSubgraphSdl, runSchemaPrinter } from "@prelabel/service-kit";
import { buildTaskSubgraph, type TaskUseCases } from "../subgraph.js";

/** Printing needs only the schema's shape: no use case is ever called. */
const unused = new Proxy({}, { get: () => () => Promise.reject(new Error("print-schema runs no resolver")) }) as never;
const noUseCases: TaskUseCases = {
  queries: unused,
  creation: unused,
  imports: unused,
  deletion: unused,
  videos: unused,
  annotationImports: unused,
  frameImages: unused,
  frameImagesPerOperation: 0,
  edits: unused,
  exports: unused,
  reviews: unused,
};

export async function printTaskSdl(): Promise<string> {
  return printSubgraphSdl(await buildTaskSubgraph(noUseCases));
}

/** `npm run print-schema -w @prelabel/task` writes schema.graphql (composition input, committed); `--check` compares. */
if (require.main === module) {
  runSchemaPrinter(printTaskSdl, "@prelabel/task", process.argv.slice(2)).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}

import "reflect-metadata";
import { writeFileSync } from "node:fs";
import { printSubgraphSdl } from "@prelabel/service-kit";
import type { AutoAnnotationService } from "./application/auto-annotation.service.js";
import type { JobProgressStreams } from "./application/job-progress-streams.js";
import { buildJobSubgraph } from "./subgraph.js";

/** Prints the subgraph SDL (to the file given, else stdout) without connecting to anything. */
async function printSchema(): Promise<void> {
  const unused = new Proxy({}, { get: () => () => Promise.reject(new Error("print-schema runs no resolver")) });
  const schema = await buildJobSubgraph({ jobs: unused as AutoAnnotationService, progress: unused as JobProgressStreams });
  const sdl = printSubgraphSdl(schema);
  const target = process.argv[2];
  if (target) writeFileSync(target, sdl);
  else process.stdout.write(sdl);
}

printSchema().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

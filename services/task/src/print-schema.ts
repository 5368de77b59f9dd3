import "reflect-metadata";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { printSubgraphSdl } from "@prelabel/service-kit";
import { createDataSource } from "./persistence/data-source.js";
import type { FrameStore } from "./storage/frame-store.js";
import { buildTaskSubgraph } from "./subgraph.js";

/** Writes the subgraph SDL to services/task/schema.graphql (composition input, committed). No resolver runs. */
async function printSchema(): Promise<void> {
  const schema = await buildTaskSubgraph({
    dataSource: createDataSource({ url: "postgres://unused/none", poolSize: 1 }), // never initialised
    frameStore: {} as FrameStore,
    maxUploadBytes: 1,
    maxFramePixels: 1,
    announceTaskDeleted: () => Promise.reject(new Error("print-schema runs no mutation")),
  });
  const target = join(__dirname, "..", "..", "schema.graphql");
  writeFileSync(target, printSubgraphSdl(schema));
  console.log(`wrote ${target}`);
}

printSchema().catch((err) => {
  console.error(err);
  process.exit(1);
});

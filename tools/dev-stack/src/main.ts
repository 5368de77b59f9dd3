#!/usr/bin/env node
// `npm start`: the whole system on this machine with working defaults; `npm start -- --demo` also runs the demo.
import { join } from "node:path";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { applyTopology, loadTopology, NatsNamespace } from "@prelabel/messaging";
import { facePhotosDir, GraphQLTestClient, REPO_ROOT, startStack } from "@prelabel/testing";
import { runDemo } from "./demo.js";
import { provideInfrastructure } from "./infrastructure.js";

async function main() {
  const args = new Set(process.argv.slice(2));
  const dataDir = join(REPO_ROOT, ".data");
  const infra = await provideInfrastructure(dataDir, {
    DATABASE_URL: process.env.DATABASE_URL,
    NATS_URL: process.env.NATS_URL,
    PATH: process.env.PATH,
  });
  for (const line of infra.describe) console.log(line);

  const nc = await connect({ servers: infra.natsUrl, name: "prelabel-dev-stack" });
  await applyTopology(nc, await jetstreamManager(nc), new NatsNamespace(""), loadTopology());
  await nc.close();

  const stack = await startStack({
    databaseUrl: infra.databaseUrl,
    natsUrl: infra.natsUrl,
    workers: Number(process.env.WORKERS ?? 1),
    logDir: join(dataDir, "logs"),
    ports: { gateway: Number(process.env.PORT ?? 4000), task: 4001, "model-registry": 4002, "annotation-job": 4003, identity: 4005 },
    env: { IMPORT_ROOT: process.env.IMPORT_ROOT ?? join(REPO_ROOT, "samples") },
    log: (l) => console.log(l),
  }).catch(async (err) => {
    await infra.stop();
    throw err;
  });
  console.log(`\nPrelabel is up: ${stack.gatewayUrl} (GraphiQL in a browser; logs in ${join(dataDir, "logs")})`);

  const shutdown = async () => {
    await stack.stop();
    await infra.stop();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);

  if (args.has("--demo")) {
    const client = new GraphQLTestClient(stack.gatewayUrl);
    try {
      await runDemo(client, { documents: join(REPO_ROOT, "samples", "documents"), people: facePhotosDir() }, join(REPO_ROOT, "out", "demo"));
    } finally {
      await client.close();
    }
    if (!args.has("--keep")) await shutdown();
  }
}


main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

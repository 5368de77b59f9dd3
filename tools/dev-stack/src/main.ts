#!/usr/bin/env node
// `npm start`: the whole system on this machine with working defaults; `npm start -- --demo` also runs the demo and
// keeps serving, so its tasks and jobs can be looked at in the web console (`--exit`: stop once the demo is done).
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify, parseArgs } from "node:util";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { applyTopology, loadTopology, NatsNamespace } from "@prelabel/messaging";
import { ConfigError, parseConfig } from "@prelabel/service-kit";
import { envKeysByDeployable, facePhotosDir, GraphQLTestClient, loadEnvSchemas, REPO_ROOT, startStack } from "@prelabel/testing";
import { completeCloudEnv, CREATE_TENANT_CLI, firstUserInstructions, type GeneratedVariable } from "./cloud-mode.setup.js";
import { runDemo } from "./demo.js";
import { devStackConfigSchema, SUBGRAPH_PORTS } from "./dev-stack.config.js";
import { provideInfrastructure } from "./infrastructure.js";
import { allowListedEnv, configProblems, describeForwarded, type ServiceEnv } from "./service-env.allow-list.js";

const USAGE = "usage: npm start [-- [--demo [--exit] [--out-dir <dir>]] [--create-tenant <name>] [--data-dir <dir>]]";

function describeEnvironment(serviceEnv: ServiceEnv, generated: readonly GeneratedVariable[]): string[] {
  const fromUser = serviceEnv.forwarded.filter((v) => !generated.some((g) => g.name === v.name));
  const lines = fromUser.length
    ? ["Passed on from your environment (names only):", ...describeForwarded(fromUser)]
    : ['No service variables in your environment: every service runs on its defaults (README.md "Modes", docs/operations.md).'];
  const ignored = serviceEnv.stackOwned.filter((name) => !(name in devStackConfigSchema.shape));
  if (ignored.length) lines.push(`Not passed on (the dev stack sets them for each process): ${ignored.join(", ")}`);
  if (generated.length) {
    lines.push("Generated for this run (ephemeral; set them to keep them across restarts):");
    for (const g of generated) {
      const to = serviceEnv.forwarded.find((v) => v.name === g.name);
      lines.push(`${describeForwarded(to ? [to] : [{ name: g.name, components: [] }])[0]}: ${g.how}`);
    }
  }
  return lines;
}

/** What identity's create-tenant CLI prints (one JSON object). */
interface CreatedTenant {
  tenantId: string;
  tenantName: string;
  keyId: string;
  apiKey: string;
}

async function createTenant(databaseUrl: string, name: string): Promise<CreatedTenant> {
  const { stdout } = await promisify(execFile)(process.execPath, [join(REPO_ROOT, CREATE_TENANT_CLI), "--name", name], {
    env: { PATH: process.env.PATH ?? "", DATABASE_URL: databaseUrl },
  });
  return JSON.parse(stdout) as CreatedTenant;
}

async function main() {
  const { values: args } = parseArgs({
    options: {
      demo: { type: "boolean" },
      exit: { type: "boolean" },
      "create-tenant": { type: "string" },
      "data-dir": { type: "string" },
      // Where the demo writes its summary and previews (default out/demo).
      "out-dir": { type: "string" },
    },
  });
  const config = parseConfig(devStackConfigSchema, process.env);
  const { cloud, env, generated } = completeCloudEnv(process.env);
  const schemas = loadEnvSchemas();
  const serviceEnv = allowListedEnv(env, envKeysByDeployable(schemas));
  for (const line of describeEnvironment(serviceEnv, generated)) console.log(line);
  const problems = configProblems(serviceEnv.perComponent, schemas);
  if (problems.length) throw new ConfigError(problems);

  const dataDir = resolve(args["data-dir"] ?? join(REPO_ROOT, ".data"));
  const infra = await provideInfrastructure(dataDir, {
    DATABASE_URL: config.DATABASE_URL,
    NATS_URL: config.NATS_URL,
    PATH: process.env.PATH,
  });
  for (const line of infra.describe) console.log(line);

  let stack;
  try {
    const nc = await connect({ servers: infra.natsUrl, name: "prelabel-dev-stack" });
    try {
      await applyTopology(nc, await jetstreamManager(nc), new NatsNamespace(config.NATS_NAMESPACE ?? ""), loadTopology());
    } finally {
      await nc.close();
    }
    stack = await startStack({
      databaseUrl: infra.databaseUrl,
      natsUrl: infra.natsUrl,
      ...(config.NATS_NAMESPACE ? { natsNamespace: config.NATS_NAMESPACE } : {}),
      workers: config.WORKERS,
      logDir: join(dataDir, "logs"),
      ...(config.PORT === 0 ? {} : { ports: { gateway: config.PORT, ...SUBGRAPH_PORTS } }),
      componentEnv: {
        ...serviceEnv.perComponent,
        // The samples are importable out of the box; a configured IMPORT_ROOT replaces them.
        task: { IMPORT_ROOT: join(REPO_ROOT, "samples"), ...serviceEnv.perComponent.task },
      },
      log: (l) => console.log(l),
    });
  } catch (err) {
    await infra.stop();
    throw err;
  }
  const running = stack;
  console.log(`\nPrelabel is up: ${running.gatewayUrl} (GraphiQL in a browser; logs in ${join(dataDir, "logs")})`);
  // The gateway serves the console `npm start` has just built (its default CONSOLE_DIR is this repository's console/dist).
  const consoleUrl = new URL("/", running.gatewayUrl).toString();
  const consoleLine = existsSync(join(REPO_ROOT, "console", "dist", "index.html"))
    ? `The web console: open ${consoleUrl} in a browser${cloud ? " and sign in with an API key" : ""}`
    : `The web console is not built (npm run build -w @prelabel/console), so ${consoleUrl} says so`;
  console.log(consoleLine);

  const shutdown = async () => {
    await running.stop();
    await infra.stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown().catch(exitWithError));
  process.once("SIGTERM", () => void shutdown().catch(exitWithError));

  let apiKey: string | undefined;
  if (cloud) {
    console.log("");
    for (const line of firstUserInstructions(running.gatewayUrl, infra.databaseUrl)) console.log(line);
    // The demo speaks through the API like any client, so in cloud mode it needs a tenant of its own.
    const tenantName = args["create-tenant"] ?? (args.demo ? "demo" : undefined);
    if (tenantName) {
      const tenant = await createTenant(infra.databaseUrl, tenantName);
      apiKey = tenant.apiKey;
      console.log(
        `\nCreated tenant ${JSON.stringify(tenant.tenantName)} (${tenant.tenantId}); its ADMIN key, shown once: ${tenant.apiKey}`,
      );
    }
  } else if (args["create-tenant"]) {
    console.log("\n--create-tenant: ignored in self-hosted mode (one tenant, no keys); set PRELABEL_MODE=cloud");
  }

  if (args.demo) {
    const client = new GraphQLTestClient(running.gatewayUrl, { apiKey });
    try {
      await runDemo(
        client,
        { documents: join(REPO_ROOT, "samples", "documents"), people: facePhotosDir() },
        resolve(args["out-dir"] ?? join(REPO_ROOT, "out", "demo")),
      );
    } finally {
      await client.close();
    }
    if (args.exit) return shutdown();
    // The demo's tasks, with their finished jobs and annotations, are what a first look at the console should find.
    console.log(`\nThe demo is done and Prelabel keeps running. ${consoleLine}${apiKey ? " (the demo tenant's key above)" : ""}`);
    console.log("Its tasks are named demo: documents, demo: people and demo: video. Ctrl+C stops everything.");
  }
}

function exitWithError(err: unknown): never {
  console.error(err instanceof Error ? err.message : err);
  if (err instanceof TypeError && "code" in err && String(err.code).startsWith("ERR_PARSE_ARGS")) console.error(USAGE);
  process.exit(1);
}

main().catch(exitWithError);

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Streams } from "@prelabel/proto";
import { envKeysByDeployable, loadEnvSchemas, REPO_ROOT } from "@prelabel/testing";
import { completeCloudEnv } from "./cloud-mode.setup.js";
import { devStackConfigSchema } from "./dev-stack.config.js";
import { allowListedEnv, COMPONENTS, configProblems, describeForwarded, STACK_OWNED } from "./service-env.allow-list.js";

const schemas = loadEnvSchemas();
const keys = envKeysByDeployable(schemas);
const declaredAnywhere = new Set(COMPONENTS.flatMap((c) => [...keys[c]]));

/**
 * Upper-case names in backticks in the docs that are not variables of a process `npm start` runs, with why. Error
 * codes are recognised from docs/errors.md's table instead.
 */
const NOT_SERVICE_VARIABLES: Record<string, string> = {
  KUBECTL: "tools/k8s-check",
  PINNED_KUBECTL: "a constant of tools/k8s-check",
  FRAMES: "npm run bench",
  ROUNDS: "npm run bench",
  JOBS: "npm run bench:preview (4-frame jobs of the baseline)",
  BUSY_FRAMES: "npm run bench:preview (frames of the job that keeps the worker busy)",
  LATENCY_MS: "npm run bench:nuclio (the fake function's latency)",
  MAX_WORKERS: "npm run bench:nuclio (the fake function's maxWorkers)",
  PROGRESS_FRAMES: "npm run bench:console",
  WARM_UP: "npm run bench:memory (frames before the slope starts)",
  PROGRESS_MODEL: "npm run bench:console",
  BIG_TASK_FRAMES: "npm run bench:console",
  DURATION_S: "npm run bench:gateway (seconds per autocannon run)",
  PROFILE_DIR: "npm run bench:gateway (where the gateway's CPU profile goes)",
  BASELINE_FRAMES: "npm run bench:outcomes (frames of the one-transaction-per-frame baseline)",
  STAGE_FRAMES: "npm run bench:commit (frames of the staging figure)",
  REVIEW_BELOW: "npm run bench:commit (the commits' review_below)",
  FANOUT_JOBS: "npm run bench:watchers",
  FANOUT_SUBSCRIBERS: "npm run bench:watchers",
  FANOUT_SOCKETS: "npm run bench:watchers",
  FANOUT_FRAMES: "npm run bench:watchers",
  FANOUT_BATCH: "npm run bench:watchers",
  SETTLE_MS: "npm run bench:watchers",
  CAPPED_HEAP_MIB: "npm run bench:import (the task process's old space in the capped run)",
  HEAP_CAP_MB: "npm run bench:export (the task process's old space in the capped run)",
  LONG_OBJECTS: "npm run bench:tracking (objects of the long sequence)",
  LONG_FRAMES: "npm run bench:tracking (frames of the long sequence)",
  GATEWAY_GC_MS: "npm run bench:watchers (a test-only GC hook it loads into the gateway)",
  ROOT_ASSETS: "a build argument of the Dockerfile (docker-bake.json)",
  [Streams.annotationWork]: "a JetStream stream",
  REDACT_PATHS: "a constant of libs/service-kit",
  SUBGRAPH_OPERATION_LIMITS: "a constant of libs/service-kit: the subgraphs' fixed backstop limits",
  ACCESS_KEY_ID: "a key of the backup Secret",
  ACCESS_SECRET_KEY: "a key of the backup Secret",
  YOLO_V5: "an uploadModel output layout",
  YOLO_V8: "an uploadModel output layout",
  YOLO_END2END: "an uploadModel output layout",
};

function documentedNames(file: string): Set<string> {
  const text = readFileSync(join(REPO_ROOT, file), "utf8");
  const names = new Set<string>();
  for (const [, code] of text.matchAll(/`([^`\n]+)`/g)) {
    for (const [name] of code.matchAll(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\b(?:PORT|WORKERS|KUBECTL|FRAMES|ROUNDS)\b/g)) names.add(name);
  }
  return names;
}

const errorCodes = new Set([...readFileSync(join(REPO_ROOT, "docs", "errors.md"), "utf8").matchAll(/^\| `([A-Z_]+)`/gm)].map((m) => m[1]));
const devStackVariables = new Set(Object.keys(devStackConfigSchema.shape));

describe("the dev stack's environment allow-list", () => {
  it("sends each variable to exactly the processes whose config schema declares it", () => {
    const { perComponent, forwarded } = allowListedEnv(
      {
        PRELABEL_MODE: "cloud",
        IDENTITY_PRIVATE_KEY: "private",
        IDENTITY_PUBLIC_KEY: "public",
        AUTH_CACHE_TTL_MS: "0",
        ORT_THREADS: "1",
        HOME: "/root",
      },
      keys,
    );
    for (const c of COMPONENTS) assert.equal(perComponent[c].PRELABEL_MODE, "cloud", c);
    assert.deepEqual(
      forwarded.find((v) => v.name === "IDENTITY_PRIVATE_KEY")?.components,
      ["gateway"],
      "the private key goes to the gateway alone",
    );
    assert.deepEqual(forwarded.find((v) => v.name === "IDENTITY_PUBLIC_KEY")?.components, [
      "task",
      "model-registry",
      "annotation-job",
      "identity",
    ]);
    assert.deepEqual(forwarded.find((v) => v.name === "AUTH_CACHE_TTL_MS")?.components, ["gateway"]);
    assert.deepEqual(forwarded.find((v) => v.name === "ORT_THREADS")?.components, ["inference-worker"]);
    assert.equal(
      forwarded.some((v) => v.name === "HOME"),
      false,
      "not a service variable",
    );
    assert.equal(perComponent.task.IDENTITY_PRIVATE_KEY, undefined);
  });

  it("leaves the variables the stack owns and empty ones to the stack", () => {
    const env = Object.fromEntries([...STACK_OWNED].map((name) => [name, "x"]));
    const { forwarded, stackOwned } = allowListedEnv({ ...env, LOG_LEVEL: " ", PRELABEL_MODE: "" }, keys);
    assert.deepEqual(forwarded, []);
    assert.deepEqual(stackOwned, [...STACK_OWNED].sort());
    for (const name of STACK_OWNED)
      assert.ok(declaredAnywhere.has(name), `${name} is stack-owned but no schema declares it: drop it from STACK_OWNED`);
  });

  it("names what it passes on, never the values", () => {
    const { forwarded } = allowListedEnv({ PRELABEL_SECRET_KEYS: "dev:c2VjcmV0", LOG_LEVEL: "debug" }, keys);
    const lines = describeForwarded(forwarded);
    assert.deepEqual(lines, ["  LOG_LEVEL → every process", "  PRELABEL_SECRET_KEYS → model-registry, inference-worker"]);
  });

  for (const file of ["README.md", "docs/operations.md"]) {
    it(`every variable ${file} documents reaches the processes that read it`, () => {
      const unknown: string[] = [];
      for (const name of documentedNames(file)) {
        if (errorCodes.has(name) || name in NOT_SERVICE_VARIABLES) continue;
        if (devStackVariables.has(name)) continue; // read by the dev stack itself (PORT, DATABASE_URL, NATS_*, WORKERS)
        if (!declaredAnywhere.has(name)) {
          unknown.push(name);
          continue;
        }
        if (STACK_OWNED.has(name)) continue;
        const readers = COMPONENTS.filter((c) => keys[c].has(name));
        const { forwarded } = allowListedEnv({ [name]: "value" }, keys);
        assert.deepEqual(forwarded, [{ name, components: readers }], name);
      }
      assert.deepEqual(
        unknown,
        [],
        `${file} documents variables no service schema declares (a schema key, or NOT_SERVICE_VARIABLES with why)`,
      );
    });
  }

  it("checks the passed-on variables against every schema before anything starts, naming process and variable", () => {
    const bad = allowListedEnv({ PRELABEL_MODE: "Cloud", ORT_THREADS: "lots" }, keys);
    const problems = configProblems(bad.perComponent, schemas);
    for (const c of COMPONENTS)
      assert.ok(
        problems.some((p) => p.startsWith(`${c}: PRELABEL_MODE: `)),
        c,
      );
    assert.deepEqual(
      problems.filter((p) => p.includes("ORT_THREADS")).map((p) => p.split(":")[0]),
      ["inference-worker"],
    );
    assert.deepEqual(
      configProblems(allowListedEnv(completeCloudEnv({ PRELABEL_MODE: "cloud" }).env, keys).perComponent, schemas),
      [],
      "cloud mode on embedded defaults",
    );
    const missing = configProblems(allowListedEnv({ PRELABEL_MODE: "cloud" }, keys).perComponent, schemas);
    assert.ok(missing.includes("gateway: IDENTITY_PRIVATE_KEY: required when PRELABEL_MODE=cloud"), missing.join("\n"));
  });

  it("the stack-owned variables a user may set are read by the dev stack itself, or are wiring", () => {
    const wiring = new Set(["HOST", "TASK_URL", "MODEL_REGISTRY_URL", "ANNOTATION_JOB_URL", "IDENTITY_URL", "WORKER_ID"]);
    for (const name of STACK_OWNED) assert.ok(devStackVariables.has(name) || wiring.has(name), name);
  });
});

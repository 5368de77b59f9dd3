import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

/** The repository root, from libs/testing/dist. */
export const REPO_ROOT = resolve(__dirname, "..", "..", "..");

export type ComponentName = "task" | "model-registry" | "annotation-job" | "identity" | "inference-worker" | "gateway";

/**
 * One process, one image and one Deployment per deployable. The stack launcher, the dev stack's environment
 * allow-list and the manifest checks (tools/k8s-check) all read the deployables from here.
 */
export interface Deployable {
  /** Process, Deployment, Service, container and image basename. */
  readonly name: ComponentName;
  /** Project folder, relative to the repository root. */
  readonly dir: string;
  /** Compiled module exporting the zod env schema, relative to the project folder. */
  readonly configModule: string;
  readonly schemaExport: string;
  /** Command of the migration init container (the service's own migrate-only entry), when it has a database. */
  readonly migrate?: readonly string[];
}

export const DEPLOYABLES: readonly Deployable[] = [
  { name: "gateway", dir: "gateway", configModule: "dist/src/config.js", schemaExport: "configSchema" },
  {
    name: "task",
    dir: "services/task",
    configModule: "dist/src/config.js",
    schemaExport: "taskConfigSchema",
    migrate: ["node", "services/task/dist/src/main.js", "migrate"],
  },
  {
    name: "model-registry",
    dir: "services/model-registry",
    configModule: "dist/src/config.js",
    schemaExport: "configSchema",
    migrate: ["node", "services/model-registry/dist/src/main.js", "migrate"],
  },
  {
    name: "annotation-job",
    dir: "services/annotation-job",
    configModule: "dist/src/config.js",
    schemaExport: "configSchema",
    migrate: ["node", "services/annotation-job/dist/src/main.js", "migrate"],
  },
  {
    name: "identity",
    dir: "services/identity",
    configModule: "dist/src/config.js",
    schemaExport: "configSchema",
    migrate: ["node", "services/identity/dist/src/main.js", "migrate"],
  },
  { name: "inference-worker", dir: "services/inference-worker", configModule: "dist/src/config.js", schemaExport: "workerConfigSchema" },
];

export function deployable(name: ComponentName): Deployable {
  const found = DEPLOYABLES.find((d) => d.name === name);
  if (!found) throw new Error(`no deployable named ${name}`);
  return found;
}

/** The structural part of a zod object schema the tools use (zod 4: refinements keep `.shape`). */
export interface EnvSchema {
  readonly shape: Record<string, { safeParse(value: unknown): { success: boolean; data?: unknown } }>;
  safeParse(env: Record<string, string | undefined>): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } };
}

/**
 * The deployable's compiled config schema, loaded by path (services never import one another; the tools read their
 * build output). Fails with the build command when the project has not been built.
 */
export function loadEnvSchema(d: Deployable): EnvSchema {
  const file = join(REPO_ROOT, d.dir, d.configModule);
  if (!existsSync(file)) throw new Error(`${file} is missing: build the project first (npm run build)`);
  const mod = createRequire(__filename)(file) as Record<string, unknown>;
  const schema = mod[d.schemaExport] as EnvSchema | undefined;
  if (!schema || typeof schema.safeParse !== "function" || typeof schema.shape !== "object") {
    throw new Error(`${d.dir}/${d.configModule} does not export a zod object schema named ${d.schemaExport}`);
  }
  return schema;
}

/** Every deployable's config schema. */
export function loadEnvSchemas(): Record<ComponentName, EnvSchema> {
  const schemas = {} as Record<ComponentName, EnvSchema>;
  for (const d of DEPLOYABLES) schemas[d.name] = loadEnvSchema(d);
  return schemas;
}

/** Every variable each deployable reads: the keys of its config schema. */
export function envKeysByDeployable(
  schemas: Readonly<Record<ComponentName, EnvSchema>> = loadEnvSchemas(),
): Record<ComponentName, ReadonlySet<string>> {
  const keys = {} as Record<ComponentName, ReadonlySet<string>>;
  for (const d of DEPLOYABLES) keys[d.name] = new Set(Object.keys(schemas[d.name].shape));
  return keys;
}

import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** The repository root (this file runs from tools/k8s-check/dist). */
export const REPO_ROOT = resolve(__dirname, "..", "..", "..");

export const repoPath = (...parts: string[]): string => join(REPO_ROOT, ...parts);

/** One image and one Deployment per deployable; everything the checks compare is derived from the code from here. */
export interface Deployable {
  /** Deployment, Service, container and image basename. */
  readonly name: string;
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
    migrate: ["node", "services/task/dist/src/migrate.js"],
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
  { name: "inference-worker", dir: "services/inference-worker", configModule: "dist/config.js", schemaExport: "workerConfigSchema" },
];

export const OVERLAYS = ["dev", "prod"] as const;
export type Overlay = (typeof OVERLAYS)[number];

/** `<dir>/<package.json main>`: the file the image's CMD must start. */
export function mainEntry(d: Deployable): string {
  const pkg = JSON.parse(readFileSync(repoPath(d.dir, "package.json"), "utf8")) as { main?: string };
  if (!pkg.main) throw new Error(`${d.dir}/package.json has no "main"`);
  return `${d.dir}/${pkg.main.replace(/^\.\//, "")}`;
}

/** The structural part of a zod object schema the checks use (zod 4: refinements keep `.shape`). */
export interface EnvSchema {
  readonly shape: Record<string, { safeParse(value: unknown): { success: boolean; data?: unknown } }>;
  safeParse(env: Record<string, string | undefined>): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } };
}

/**
 * The service's compiled config schema, loaded by path (services never import one another; this tool reads their
 * build output). Fails with the build command when the project has not been built.
 */
export function loadEnvSchema(d: Deployable): EnvSchema {
  const file = repoPath(d.dir, d.configModule);
  if (!existsSync(file)) throw new Error(`${file} is missing: build the project first (npm run build)`);
  const mod = require(file) as Record<string, unknown>;
  const schema = mod[d.schemaExport] as EnvSchema | undefined;
  if (!schema || typeof schema.safeParse !== "function" || typeof schema.shape !== "object") {
    throw new Error(`${d.dir}/${d.configModule} does not export a zod object schema named ${d.schemaExport}`);
  }
  return schema;
}

/** The schema's default for one variable (undefined when it has none or requires a value). */
export function schemaDefault(schema: EnvSchema, key: string): unknown {
  const field = schema.shape[key];
  if (!field) return undefined;
  const parsed = field.safeParse(undefined);
  return parsed.success ? parsed.data : undefined;
}

import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Deployable, EnvSchema } from "@prelabel/testing";

/** The repository root (this file runs from tools/k8s-check/dist). */
export const REPO_ROOT = resolve(__dirname, "..", "..", "..");

export const repoPath = (...parts: string[]): string => join(REPO_ROOT, ...parts);

/** The deployables (and their config schemas) are shared with the stack launcher and the dev stack. */
export { DEPLOYABLES, loadEnvSchema, type Deployable, type EnvSchema } from "@prelabel/testing";

export const OVERLAYS = ["dev", "prod"] as const;
export type Overlay = (typeof OVERLAYS)[number];

/** `<dir>/<package.json main>`: the file the image's CMD must start. */
export function mainEntry(d: Deployable): string {
  const pkg = JSON.parse(readFileSync(repoPath(d.dir, "package.json"), "utf8")) as { main?: string };
  if (!pkg.main) throw new Error(`${d.dir}/package.json has no "main"`);
  return `${d.dir}/${pkg.main.replace(/^\.\//, "")}`;
}

/** The schema's default for one variable (undefined when it has none or requires a value). */
export function schemaDefault(schema: EnvSchema, key: string): unknown {
  const field = schema.shape[key];
  if (!field) return undefined;
  const parsed = field.safeParse(undefined);
  return parsed.success ? parsed.data : undefined;
}

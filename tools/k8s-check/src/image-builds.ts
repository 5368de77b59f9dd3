import { readFileSync } from "node:fs";
import { repoPath, type Deployable } from "./repo.js";
import { imageRepository } from "./workloads.js";

/** The image template every deployable is built from, and the build matrix giving each one its build arguments. */
export const TEMPLATE = "Dockerfile";
export const BAKE_FILE = "docker-bake.json";

/** One target of docker-bake.json (the fields the checks read; bake's defaults applied). */
export interface BakeTarget {
  readonly name: string;
  readonly context: string;
  readonly dockerfile: string;
  readonly args: Readonly<Record<string, string>>;
  /** With the bake variables' defaults substituted. */
  readonly tags: readonly string[];
}

export interface BakeFile {
  readonly targets: ReadonlyMap<string, BakeTarget>;
  /** The targets `docker buildx bake` builds with no target named. */
  readonly defaultGroup: readonly string[];
}

interface RawBake {
  variable?: Record<string, { default?: string }>;
  group?: Record<string, { targets?: string[] }>;
  target?: Record<string, { context?: string; dockerfile?: string; args?: Record<string, string>; tags?: string[] }>;
}

export function readBakeFile(): BakeFile {
  const raw = JSON.parse(readFileSync(repoPath(BAKE_FILE), "utf8")) as RawBake;
  const variables = new Map(Object.entries(raw.variable ?? {}).map(([name, v]) => [name, v.default ?? ""]));
  const interpolate = (value: string): string => value.replace(/\$\{(\w+)\}/g, (_, name: string) => variables.get(name) ?? "");
  const targets = new Map<string, BakeTarget>();
  for (const [name, t] of Object.entries(raw.target ?? {})) {
    targets.set(name, {
      name,
      context: t.context ?? ".",
      dockerfile: t.dockerfile ?? "Dockerfile",
      args: t.args ?? {},
      tags: (t.tags ?? []).map(interpolate),
    });
  }
  return { targets, defaultGroup: raw.group?.default?.targets ?? [] };
}

/** The bake target named like the deployable (`docker buildx bake <name>`). */
export function bakeTargetOf(d: Deployable, bake = readBakeFile()): BakeTarget {
  const target = bake.targets.get(d.name);
  if (!target) throw new Error(`${BAKE_FILE} has no target named ${d.name}`);
  return target;
}

/** The image repositories a target tags, registry and tag dropped: `prelabel/task`. */
export const targetRepositories = (target: BakeTarget): string[] => [...new Set(target.tags.map(imageRepository))];

/** The paths (relative to the project) the template copies into the image besides dist, from the ASSETS argument. */
export const assetsOf = (target: BakeTarget): string[] => (target.args.ASSETS ?? "").split(/\s+/).filter(Boolean);

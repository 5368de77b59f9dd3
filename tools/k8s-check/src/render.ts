import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { parseAllDocuments } from "yaml";
import { ensurePinnedKubectl, PINNED_KUBECTL, pinnedKubectlSupported } from "./pinned-kubectl.installer.js";
import { repoPath, type Overlay } from "./repo.js";

/**
 * Rendered YAML below the typed envelope of K8sObject: the checks (the specs) read it field by field, as tests read
 * fixtures, and the API schemas (validate.ts) vouch for its shape.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test data: specs read any field of ~30 kinds, validate.ts checks them
export type RenderedFields = any;

/** A rendered Kubernetes object (only the fields the checks read are typed). */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: RenderedFields;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  [key: string]: unknown;
}

const MIN_KUSTOMIZE_MAJOR = 5;

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Where the kubectl comes from, for messages and the spec. */
export interface KubectlChoice {
  readonly bin: string;
  readonly source: "KUBECTL" | "pinned" | "PATH";
}

/**
 * The kubectl that renders the overlays: $KUBECTL when set; else the pinned one from the project's install
 * (pinned-kubectl.installer.ts, extracted on first use); on a platform the pinned binary does not run on
 * (it is linux/amd64), kubectl on PATH. Never a skip: without one the checks fail, saying what to do.
 */
export function chooseKubectl(env: Record<string, string | undefined> = process.env): KubectlChoice {
  if (env.KUBECTL) return { bin: env.KUBECTL, source: "KUBECTL" };
  if (pinnedKubectlSupported()) return { bin: ensurePinnedKubectl(), source: "pinned" };
  const onPath = findOnPath("kubectl");
  if (onPath) return { bin: onPath, source: "PATH" };
  throw new Error(
    `kubectl not found: the pinned kubectl ${PINNED_KUBECTL.version} (${PINNED_KUBECTL.package}) runs on ` +
      `${PINNED_KUBECTL.platform}/${PINNED_KUBECTL.arch} only, and this is ${process.platform}/${process.arch}. ` +
      `Set KUBECTL or put a kubectl 1.27 or later (embedded kustomize v${MIN_KUSTOMIZE_MAJOR}+) on PATH.`,
  );
}

let chosen: string | undefined;

/** chooseKubectl's binary, once per process, after checking its embedded kustomize is v5 or later. */
export function kubectl(): string {
  if (chosen) return chosen;
  const { bin } = chooseKubectl();
  let version: { kustomizeVersion?: string };
  try {
    version = JSON.parse(execFileSync(bin, ["version", "--client", "-o", "json"], { encoding: "utf8" })) as { kustomizeVersion?: string };
  } catch (err) {
    throw new Error(`${bin} version --client failed: ${(err as Error).message}`, { cause: err });
  }
  const major = Number(/^v?(\d+)\./.exec(version.kustomizeVersion ?? "")?.[1]);
  if (!(major >= MIN_KUSTOMIZE_MAJOR)) {
    throw new Error(
      `${bin} embeds kustomize ${version.kustomizeVersion ?? "(unknown)"}; tools/k8s-check needs v${MIN_KUSTOMIZE_MAJOR}+ (kubectl 1.27 or later)`,
    );
  }
  return (chosen = bin);
}

const cache = new Map<string, K8sObject[]>();

/** `kubectl kustomize <dir>`, parsed; `dir` relative to the repository root. Cached per process. */
export function kustomize(dir: string): K8sObject[] {
  const hit = cache.get(dir);
  if (hit) return hit;
  const yaml = execFileSync(kubectl(), ["kustomize", repoPath(dir)], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const objects = parseYamlObjects(yaml, dir);
  cache.set(dir, objects);
  return objects;
}

export const renderOverlay = (overlay: Overlay): K8sObject[] => kustomize(`k8s/overlays/${overlay}`);

export function parseYamlObjects(text: string, source: string): K8sObject[] {
  const out: K8sObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) throw new Error(`${source}: ${doc.errors.map((e) => e.message).join("; ")}`);
    const value = doc.toJS() as K8sObject | null;
    if (value) out.push(value);
  }
  return out;
}

export const ofKind = (objects: readonly K8sObject[], kind: string): K8sObject[] => objects.filter((o) => o.kind === kind);

export function find(objects: readonly K8sObject[], kind: string, name: string): K8sObject | undefined {
  return objects.find((o) => o.kind === kind && o.metadata.name === name);
}

export function get(objects: readonly K8sObject[], kind: string, name: string): K8sObject {
  const o = find(objects, kind, name);
  if (!o) throw new Error(`no ${kind} ${name} in the rendered objects`);
  return o;
}

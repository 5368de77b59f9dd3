import { get, type K8sObject } from "./render.js";
import type { Deployable } from "./repo.js";

export type Container = any;

export const deploymentOf = (objects: readonly K8sObject[], d: Deployable): K8sObject => get(objects, "Deployment", d.name);
export const podSpecOf = (objects: readonly K8sObject[], d: Deployable): any => deploymentOf(objects, d).spec.template.spec;

/** The deployable's main container (named like the deployable). */
export function mainContainer(objects: readonly K8sObject[], d: Deployable): Container {
  const c = (podSpecOf(objects, d).containers as Container[]).find((x) => x.name === d.name);
  if (!c) throw new Error(`Deployment ${d.name} has no container named ${d.name}`);
  return c;
}

export const allContainers = (objects: readonly K8sObject[], d: Deployable): Container[] => [
  ...((podSpecOf(objects, d).initContainers as Container[] | undefined) ?? []),
  ...(podSpecOf(objects, d).containers as Container[]),
];

/** Image without registry and tag: `registry.example.com/prelabel/task:0.1.0` → `prelabel/task`. */
export function imageRepository(image: string): string {
  const noDigest = image.split("@")[0];
  const lastSlash = noDigest.lastIndexOf("/");
  const colon = noDigest.lastIndexOf(":");
  const noTag = colon > lastSlash ? noDigest.slice(0, colon) : noDigest;
  const parts = noTag.split("/");
  return parts.slice(-2).join("/");
}

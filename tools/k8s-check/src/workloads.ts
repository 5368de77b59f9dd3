import { get, type K8sObject, type RenderedFields } from "./render.js";
import type { Deployable } from "./repo.js";

/** A rendered container: name and image typed, the rest read field by field by the specs. */
export interface Container {
  name: string;
  image: string;
  [field: string]: RenderedFields;
}

/** A rendered pod spec: its containers typed, the rest read field by field by the specs. */
export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  [field: string]: RenderedFields;
}

/** The spec of a workload with a pod template (Deployment, StatefulSet, Job). */
interface PodTemplateSpec {
  template: { spec: PodSpec };
}

export const deploymentOf = (objects: readonly K8sObject[], d: Deployable): K8sObject => get(objects, "Deployment", d.name);
export const podSpecOf = (objects: readonly K8sObject[], d: Deployable): PodSpec =>
  (deploymentOf(objects, d).spec as PodTemplateSpec).template.spec;

/** The deployable's main container (named like the deployable). */
export function mainContainer(objects: readonly K8sObject[], d: Deployable): Container {
  const c = podSpecOf(objects, d).containers.find((x) => x.name === d.name);
  if (!c) throw new Error(`Deployment ${d.name} has no container named ${d.name}`);
  return c;
}

export const allContainers = (objects: readonly K8sObject[], d: Deployable): Container[] => [
  ...(podSpecOf(objects, d).initContainers ?? []),
  ...podSpecOf(objects, d).containers,
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

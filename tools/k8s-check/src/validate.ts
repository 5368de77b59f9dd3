import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import type { K8sObject } from "./render.js";

/** Where each API group's models live: kubernetes-models (core and built-in groups) and @kubernetes-models/keda. */
function modelModule(apiVersion: string, kind: string): string | undefined {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  if (group === "keda.sh") return `@kubernetes-models/keda/keda.sh/${version}/${kind}`;
  if (group === "") return `kubernetes-models/${version}/${kind}`;
  if (group.includes(".") && !group.endsWith(".k8s.io")) return undefined; // a CRD: vendored schema below
  return `kubernetes-models/${group}/${version}/${kind}`;
}

/**
 * kustomize folds long base64 Secret values over several lines; the API server's decoder (Go's base64) skips the
 * line breaks, the "byte" format check of the schema does not, so they are removed before validating.
 */
function normalize(o: K8sObject): K8sObject {
  if (o.kind !== "Secret" || !o.data) return o;
  return { ...o, data: Object.fromEntries(Object.entries(o.data).map(([k, v]) => [k, v.replace(/\s+/g, "")])) };
}

interface ModelClass {
  new (data: unknown): { validate(): void };
}

interface VendoredSchema {
  apiVersion: string;
  kind: string;
  schema: object;
}

let crdValidators: Map<string, ValidateFunction> | undefined;

/** tools/k8s-check/crds/*.json, compiled once (see crds/README.md). */
function vendoredValidators(): Map<string, ValidateFunction> {
  if (crdValidators) return crdValidators;
  const dir = join(__dirname, "..", "crds");
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  crdValidators = new Map();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
    const s = JSON.parse(readFileSync(join(dir, file), "utf8")) as VendoredSchema;
    crdValidators.set(`${s.apiVersion}/${s.kind}`, ajv.compile(s.schema));
  }
  return crdValidators;
}

/** Problems of one object against its API schema; empty when valid. An object no schema covers is a problem too. */
export async function validateObject(o: K8sObject): Promise<string[]> {
  const id = `${o.kind} ${o.metadata?.name ?? "(unnamed)"} (${o.apiVersion})`;
  const modulePath = modelModule(o.apiVersion, o.kind);
  if (modulePath) {
    let Model: ModelClass;
    try {
      // kubernetes-models 5 is ESM-only: module node20 keeps this import() a real dynamic import in the CommonJS output.
      Model = ((await import(modulePath)) as Record<string, unknown>)[o.kind] as ModelClass;
    } catch {
      return [`${id}: no schema in kubernetes-models / @kubernetes-models for ${o.apiVersion} ${o.kind}`];
    }
    try {
      new Model(normalize(o)).validate();
      return [];
    } catch (err) {
      const errors = (err as { errors?: { instancePath: string; message?: string }[] }).errors;
      return errors?.length
        ? errors.map((e) => `${id}: ${e.instancePath || "/"} ${e.message ?? "invalid"}`)
        : [`${id}: ${(err as Error).message}`];
    }
  }
  const validator = vendoredValidators().get(`${o.apiVersion}/${o.kind}`);
  if (!validator) return [`${id}: no vendored schema in tools/k8s-check/crds for ${o.apiVersion} ${o.kind}`];
  if (validator(o)) return [];
  return (validator.errors ?? []).map(
    (e) =>
      `${id}: ${e.instancePath || "/"} ${e.message ?? "invalid"}${e.params && "additionalProperty" in e.params ? ` (${String(e.params.additionalProperty)})` : ""}`,
  );
}

import { generateKeyPairSync, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { find, parseYamlObjects, type K8sObject } from "./render.js";
import { repoPath } from "./repo.js";

/** Secrets the overlays reference but do not render: created by an operator (CloudNativePG) or out of band (prod). */
export interface ExternalSecret {
  readonly name: string;
  readonly keys: readonly string[];
  readonly origin: string;
}

/** The Secrets prod expects (k8s/overlays/prod/external-secrets.example.yaml), with their keys. */
export function prodExternalSecrets(): ExternalSecret[] {
  const file = "k8s/overlays/prod/external-secrets.example.yaml";
  return parseYamlObjects(readFileSync(repoPath(file), "utf8"), file)
    .filter((o) => o.kind === "Secret")
    .map((o) => ({ name: o.metadata.name, keys: Object.keys({ ...o.data, ...o.stringData }), origin: file }));
}

/** CloudNativePG writes `<cluster>-app` with these keys for the application role (its `uri` is the DATABASE_URL). */
export function cnpgAppSecrets(objects: readonly K8sObject[]): ExternalSecret[] {
  return objects
    .filter((o) => o.apiVersion === "postgresql.cnpg.io/v1" && o.kind === "Cluster")
    .map((c) => ({
      name: `${c.metadata.name}-app`,
      keys: ["username", "password", "host", "port", "dbname", "uri", "jdbc-uri", "pgpass"],
      origin: `CloudNativePG Cluster ${c.metadata.name}`,
    }));
}

/**
 * Stand-in values for the external Secrets' keys, so the services' schemas can parse the environment prod would have:
 * a fresh Ed25519 pair, a fresh key ring, the CNPG URI of the rendered cluster, an in-namespace NATS URL.
 */
export function sampleSecretValue(secret: string, key: string): string {
  if (key === "IDENTITY_PRIVATE_KEY" || key === "IDENTITY_PUBLIC_KEY") {
    const pair = samplePair();
    return key === "IDENTITY_PRIVATE_KEY" ? pair.privateKey : pair.publicKey;
  }
  if (key === "PRELABEL_SECRET_KEYS") return `k1:${randomBytes(32).toString("base64")}`;
  if (key === "EXPORT_TOKEN_SECRET") return randomBytes(32).toString("base64url");
  if (key === "NATS_URL") return "nats://nats:4222";
  if (key === "uri") return `postgresql://app:sample@${secret.replace(/-app$/, "")}-rw:5432/app`;
  return "sample";
}

let pair: { privateKey: string; publicKey: string } | undefined;
function samplePair(): { privateKey: string; publicKey: string } {
  if (!pair) {
    const keys = generateKeyPairSync("ed25519");
    pair = {
      privateKey: keys.privateKey.export({ format: "der", type: "pkcs8" }).toString("base64"),
      publicKey: keys.publicKey.export({ format: "der", type: "spki" }).toString("base64"),
    };
  }
  return pair;
}

export interface ResolvedEnv {
  /** Variable → value, in Kubernetes' precedence (envFrom in order, then env). */
  readonly env: Record<string, string>;
  /** Variable → where it came from, for messages. */
  readonly sources: Record<string, string>;
  readonly problems: string[];
}

interface Container {
  name: string;
  env?: {
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: { name: string; key: string }; fieldRef?: unknown };
  }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string }; prefix?: string }[];
}

function decode(o: K8sObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o.data ?? {})) out[k] = o.kind === "Secret" ? Buffer.from(v, "base64").toString("utf8") : v;
  for (const [k, v] of Object.entries(o.stringData ?? {})) out[k] = v;
  return out;
}

/** The environment a container gets from the rendered ConfigMaps and Secrets, and from the external ones by contract. */
export function resolveEnv(container: Container, objects: readonly K8sObject[], external: readonly ExternalSecret[]): ResolvedEnv {
  const env: Record<string, string> = {};
  const sources: Record<string, string> = {};
  const problems: string[] = [];
  const source = (kind: "ConfigMap" | "Secret", name: string): Record<string, string> | undefined => {
    const rendered = find(objects, kind, name);
    if (rendered) return decode(rendered);
    const ext = kind === "Secret" ? external.find((e) => e.name === name) : undefined;
    if (ext) return Object.fromEntries(ext.keys.map((k) => [k, sampleSecretValue(name, k)]));
    problems.push(`${container.name}: ${kind} ${name} is neither rendered nor a known external Secret`);
    return undefined;
  };
  for (const from of container.envFrom ?? []) {
    const kind = from.configMapRef ? "ConfigMap" : "Secret";
    const name = (from.configMapRef ?? from.secretRef)?.name ?? "";
    const values = source(kind, name);
    for (const [k, v] of Object.entries(values ?? {})) {
      env[`${from.prefix ?? ""}${k}`] = v;
      sources[`${from.prefix ?? ""}${k}`] = `${kind} ${name}`;
    }
  }
  for (const e of container.env ?? []) {
    if (e.value !== undefined) {
      env[e.name] = e.value;
      sources[e.name] = "env";
      continue;
    }
    const ref = e.valueFrom?.secretKeyRef ?? e.valueFrom?.configMapKeyRef;
    if (!ref) {
      problems.push(`${container.name}: ${e.name} uses a valueFrom the checker does not resolve`);
      continue;
    }
    const kind = e.valueFrom?.secretKeyRef ? "Secret" : "ConfigMap";
    const values = source(kind, ref.name);
    if (values && !(ref.key in values))
      problems.push(`${container.name}: ${e.name} names key ${ref.key}, which ${kind} ${ref.name} does not have`);
    if (values && ref.key in values) {
      env[e.name] = values[ref.key];
      sources[e.name] = `${kind} ${ref.name}/${ref.key}`;
    }
  }
  return { env, sources, problems };
}

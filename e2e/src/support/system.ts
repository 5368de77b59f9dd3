import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { generateIdentityKeyPair } from "@prelabel/identity";
import { createTestDatabase, createTestNats, GraphQLTestClient, REPO_ROOT, startStack, type RunningStack } from "@prelabel/testing";

export interface System {
  stack: RunningStack;
  /** Cloud systems: authenticated as the first tenant's ADMIN key. */
  client: GraphQLTestClient;
  logDir: string;
  /** Cloud systems: the tenant `client` speaks for. */
  tenant?: CreatedTenant;
  /** Cloud systems: another tenant and its first ADMIN key (the create-tenant CLI on this system's database). */
  createTenant(name: string): Promise<CreatedTenant>;
  /** Cloud systems: the gateway's identity signing key, for tests that call a subgraph directly as the gateway would. */
  identityPrivateKey?: string;
  /** The stack's NATS server and namespace, for tests that speak to the services' endpoints directly. */
  nats: { readonly url: string; readonly namespace: string };
  stop(): Promise<void>;
}

export interface CreatedTenant {
  tenantId: string;
  tenantName: string;
  keyId: string;
  apiKey: string;
}

const run = promisify(execFile);

/** `prelabel-create-tenant` against a system's database: what an operator does to onboard a tenant. */
async function createTenant(databaseUrl: string, name: string): Promise<CreatedTenant> {
  const cli = join(REPO_ROOT, "services", "identity", "dist", "src", "cli", "create-tenant.cli.js");
  const { stdout } = await run(process.execPath, [cli, "--name", name], {
    env: { PATH: process.env.PATH ?? "", DATABASE_URL: databaseUrl },
  });
  return JSON.parse(stdout) as CreatedTenant;
}

/** The whole system as separate processes on a fresh database and NATS namespace, driven through the gateway. */
export async function startSystem(
  options: {
    workers?: number;
    env?: Record<string, string>;
    gatewayEnv?: Record<string, string>;
    /** Cloud: the first tenant's name. */ tenantName?: string;
  } = {},
): Promise<System> {
  const db = await createTestDatabase();
  const nats = await createTestNats();
  const logDir = mkdtempSync(join(tmpdir(), "prelabel-e2e-"));
  // Cloud: a fresh identity key pair; only the gateway gets the private half.
  const cloud = options.env?.PRELABEL_MODE === "cloud";
  const keys = cloud ? generateIdentityKeyPair() : undefined;
  let stack: RunningStack;
  try {
    stack = await startStack({
      databaseUrl: db.url,
      natsUrl: nats.url,
      natsNamespace: nats.namespace,
      workers: options.workers ?? 1,
      // Cloud: the task service's download-link key too (EXPORT_TOKEN_SECRET is required there).
      env: {
        ...options.env,
        ...(keys ? { IDENTITY_PUBLIC_KEY: keys.publicKey, EXPORT_TOKEN_SECRET: randomBytes(32).toString("base64url") } : {}),
      },
      gatewayEnv: { ...options.gatewayEnv, ...(keys ? { IDENTITY_PRIVATE_KEY: keys.privateKey } : {}) },
      logDir,
    });
  } catch (err) {
    await nats.cleanup().catch(() => undefined);
    await db.drop().catch(() => undefined);
    throw new Error(`${(err as Error).message}; logs in ${logDir}`, { cause: err });
  }
  let tenant: CreatedTenant | undefined;
  try {
    tenant = cloud ? await createTenant(db.url, options.tenantName ?? "e2e tenant") : undefined;
  } catch (err) {
    await stack.stop();
    throw err;
  }
  const client = new GraphQLTestClient(stack.gatewayUrl, { apiKey: tenant?.apiKey });
  return {
    stack,
    client,
    logDir,
    ...(tenant ? { tenant } : {}),
    ...(keys ? { identityPrivateKey: keys.privateKey } : {}),
    createTenant: (name) => createTenant(db.url, name),
    nats: { url: nats.url, namespace: nats.namespace },
    stop: async () => {
      await client.close();
      await stack.stop();
      await nats.cleanup().catch(() => undefined);
      await db.drop().catch(() => undefined);
    },
  };
}

/** The committed sample documents (JPEG photos of printed text). */
export function sampleDocuments(): { name: string; bytes: Uint8Array; type: string }[] {
  const dir = join(REPO_ROOT, "samples", "documents");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".jpg"))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(join(dir, name)), type: "image/jpeg" }));
}

/** Where a cloud system's services reach the hubs (the loopback fakes' URLs in tests). */
export interface HubUrls {
  readonly hfHubUrl: string;
  readonly hfInferenceUrl: string;
  readonly roboflowApiUrl: string;
  readonly roboflowInferUrl: string;
}

/**
 * The environment of a cloud-mode system whose hubs are loopback fakes: a fresh key ring, the four hub URLs,
 * and private networks allowed (the SSRF guard refuses loopback otherwise). Pass it as `startSystem({ env })`;
 * without it the system stays self-hosted, as every other e2e file runs it.
 */
export function cloudSystemEnv(hubs: HubUrls, secretKeys: string): Record<string, string> {
  return {
    PRELABEL_MODE: "cloud",
    PRELABEL_SECRET_KEYS: secretKeys,
    HF_HUB_URL: hubs.hfHubUrl,
    HF_INFERENCE_URL: hubs.hfInferenceUrl,
    ROBOFLOW_API_URL: hubs.roboflowApiUrl,
    ROBOFLOW_INFER_URL: hubs.roboflowInferUrl,
    HUB_ALLOW_PRIVATE_NETWORKS: "true",
  };
}

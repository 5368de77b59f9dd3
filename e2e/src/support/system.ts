import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, createTestNats, GraphQLTestClient, REPO_ROOT, startStack, type RunningStack } from "@prelabel/testing";

export interface System {
  stack: RunningStack;
  client: GraphQLTestClient;
  logDir: string;
  stop(): Promise<void>;
}

/** The whole system as separate processes on a fresh database and NATS namespace, driven through the gateway. */
export async function startSystem(options: { workers?: number; env?: Record<string, string> } = {}): Promise<System> {
  const db = await createTestDatabase();
  const nats = await createTestNats();
  const logDir = mkdtempSync(join(tmpdir(), "prelabel-e2e-"));
  let stack: RunningStack;
  try {
    stack = await startStack({
      databaseUrl: db.url,
      natsUrl: nats.url,
      natsNamespace: nats.namespace,
      workers: options.workers ?? 1,
      env: options.env,
      logDir,
    });
  } catch (err) {
    await nats.cleanup().catch(() => undefined);
    await db.drop().catch(() => undefined);
    throw new Error(`${(err as Error).message}; logs in ${logDir}`, { cause: err });
  }
  const client = new GraphQLTestClient(stack.gatewayUrl);
  return {
    stack,
    client,
    logDir,
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

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ObjectStore } from "@nats-io/obj";
import { startHubFakes, type HubFakes } from "@prelabel/hub-fakes";
import { Messaging } from "@prelabel/messaging";
import { Buckets } from "@prelabel/proto";
import { createLogger, startSubgraphServer, type RunningServer } from "@prelabel/service-kit";
import { createTestDatabase, createTestNats, GraphQLTestClient, loopbackSubgraphOptions, type TestDatabase } from "@prelabel/testing";
import { startModelRegistry, type ModelRegistryApp, type ModelRegistryOptions } from "../../src/app.js";
import { DEFAULT_MODEL_UPLOAD_MAX_BYTES, modelUploadLimits } from "../../src/config.js";
import { fakeHubCloudSettings } from "./fake-hub-cloud.js";

export interface RegistryUnderTestOptions {
  /** MODEL_UPLOAD_MAX_BYTES (the multipart parser stops there too, as main.ts has it); default as in production. */
  readonly maxUploadBytes?: number;
  /** NUCLIO_* settings (config.ts nuclioSettings); a dashboard client or address policy may replace the defaults. */
  readonly nuclio?: ModelRegistryOptions["nuclio"];
  /** Where the app's own series go (e.g. the Nuclio sync's); none when omitted. */
  readonly metrics?: ModelRegistryOptions["metrics"];
}

/** model-registry as main.ts runs it, on a fresh database and NATS namespace, with what its integration specs read. */
export interface RegistryUnderTest {
  readonly db: TestDatabase;
  readonly app: ModelRegistryApp;
  /** GraphQL over HTTP, as a frontend calls it (cloud mode would want a signed identity: execute app.schema instead). */
  readonly client: GraphQLTestClient;
  /** Where uploads and imports are spooled (a fresh temporary directory). */
  readonly spoolDir: string;
  /** The models object store, through a NATS connection of the test's own. */
  readonly store: ObjectStore;
  /** Whether the store holds live bytes under `sha256`. */
  hasObject(sha256: string): Promise<boolean>;
  /** The names (digests) of the live objects in the store. */
  liveObjects(): Promise<string[]>;
  close(): Promise<void>;
}

/** In cloud mode, and the hub fakes it talks to. */
export interface CloudRegistryUnderTest extends RegistryUnderTest {
  readonly fakes: HubFakes;
}

/** Self-hosted mode: the catalog and uploads. */
export const startRegistryUnderTest = (options: RegistryUnderTestOptions = {}): Promise<RegistryUnderTest> => start(options);

/**
 * Cloud mode: every hub is a loopback fake (private addresses allowed for them; one attempt per call, so no test waits
 * out retries), and credentials are sealed with `secretKeys` (PRELABEL_SECRET_KEYS).
 */
export async function startCloudRegistryUnderTest(
  secretKeys: string,
  options: RegistryUnderTestOptions = {},
): Promise<CloudRegistryUnderTest> {
  const { fakes, ...registry } = await start(options, secretKeys);
  if (!fakes) throw new Error("cloud mode starts the hub fakes");
  return { ...registry, fakes };
}

async function start(options: RegistryUnderTestOptions, secretKeys?: string): Promise<RegistryUnderTest & { fakes?: HubFakes }> {
  const logger = createLogger("model-registry-test", "silent");
  const maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MODEL_UPLOAD_MAX_BYTES;
  const [db, nats, fakes] = await Promise.all([createTestDatabase(), createTestNats(), secretKeys ? startHubFakes() : undefined]);
  const spoolDir = mkdtempSync(join(tmpdir(), "prelabel-registry-spool-"));
  let app: ModelRegistryApp | undefined;
  let server: RunningServer | undefined;
  let messaging: Messaging | undefined;
  const close = async () => {
    await messaging?.close();
    await server?.close();
    await app?.close();
    await fakes?.close();
    await db.drop();
    await nats.cleanup();
    rmSync(spoolDir, { recursive: true, force: true });
  };
  try {
    app = await startModelRegistry({
      database: { url: db.url, poolSize: 3 },
      nats: { url: nats.url, namespace: nats.namespace },
      logger,
      uploads: { maxBytes: maxUploadBytes, spoolDir },
      ...(options.nuclio ? { nuclio: options.nuclio } : {}),
      ...(options.metrics ? { metrics: options.metrics } : {}),
      ...(fakes && secretKeys ? { cloud: fakeHubCloudSettings(fakes, secretKeys), hubs: { limits: { retry: { maxAttempts: 1 } } } } : {}),
    });
    server = await startSubgraphServer({
      ...loopbackSubgraphOptions("model-registry", app, logger),
      uploads: modelUploadLimits(maxUploadBytes),
    });
    messaging = await Messaging.connect({ url: nats.url, namespace: nats.namespace, name: "model-registry-test" });
    const store = await messaging.objectStore(Buckets.models);
    const liveObjects = async () => (await store.list()).filter((o) => !o.deleted).map((o) => o.name);
    const hasObject = async (sha256: string) => {
      const info = await store.info(sha256);
      return !!info && !info.deleted;
    };
    return { db, app, fakes, client: new GraphQLTestClient(server.url), spoolDir, store, hasObject, liveObjects, close };
  } catch (err) {
    await close();
    throw err;
  }
}

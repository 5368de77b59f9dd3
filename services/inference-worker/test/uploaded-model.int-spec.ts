import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { ConsumerMessages } from "@nats-io/jetstream";
import type { ObjectStore } from "@nats-io/obj";
import type { Subscription } from "@nats-io/transport-node";
import { Messaging } from "@prelabel/messaging";
import { Buckets, ShapeType } from "@prelabel/proto";
import { createTestNats, type TestNats } from "@prelabel/testing";
import { pino } from "pino";
import { Registry } from "prom-client";
import { startWorker } from "../src/app.js";
import { ModelError, type ModelResolver } from "../src/inference/index.js";
import { ModelArtifactCache } from "../src/persistence/model-artifact.cache.js";
import { ModelArtifactStore } from "../src/persistence/model-artifact.store.js";
import { logStoredOutcomes, OutcomeLog } from "./support/frame-outcomes.js";
import { greyFramePng, sha256Hex as sha256, storeFrame } from "./support/frames.js";
import { inferFrame, publishInferFrame } from "./support/infer-frames.js";
import { serveDescribeModel } from "./support/model-registry.stand-in.js";
import { testModelResolver } from "./support/model-resolver.js";
import { carDetectorOnnx as carDetector, uploadedDetectorDescriptor } from "./support/uploaded-detector.js";

/*
 * Uploaded models on real NATS: model files in the `models` object store by digest, fetched into a local
 * cache and checked; and the whole worker running an uploaded ONNX detector it learns about from a
 * stand-in registry's describe-model.
 */

const loadFailed = (pattern: RegExp) => (err: unknown) =>
  err instanceof ModelError && err.code === "MODEL_LOAD_FAILED" && pattern.test(err.message);

describe("uploaded models on NATS JetStream", () => {
  let nats: TestNats;
  let client: Messaging;
  let store: ObjectStore;
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "prelabel-model-cache-"));
    dirs.push(dir);
    return dir;
  };

  before(async () => {
    nats = await createTestNats();
    client = await Messaging.connect({ url: nats.url, namespace: nats.namespace, name: "uploaded-model-test" });
    await client.verify({ objectStores: [Buckets.models, Buckets.frames] });
    store = await client.objectStore(Buckets.models);
  });
  after(async () => {
    await client?.close();
    await nats?.cleanup();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  describe("ModelArtifactCache", () => {
    it("downloads a file by digest, checks it, writes it atomically and reuses it", async () => {
      const bytes = carDetector();
      const artifact = { name: "model", sha256: sha256(bytes), sizeBytes: bytes.byteLength };
      await store.putBlob({ name: artifact.sha256 }, bytes);
      const dir = tempDir();
      let opens = 0;
      const source = new ModelArtifactStore(store);
      const counting = { open: (sha: string) => (opens++, source.open(sha)) };

      const cache = new ModelArtifactCache(dir, counting);
      const [path, again] = await Promise.all([cache.localPath(artifact), cache.localPath(artifact)]);
      assert.equal(path, join(dir, `${artifact.sha256}.onnx`));
      assert.equal(again, path);
      assert.deepEqual(new Uint8Array(readFileSync(path)), bytes);
      assert.equal(opens, 1, "one download for concurrent callers");
      assert.deepEqual(readdirSync(dir), [`${artifact.sha256}.onnx`], "no temp file left");

      // Another process (a new cache on the same directory) checks the file on disk and reuses it.
      const restarted = new ModelArtifactCache(dir, counting);
      assert.equal(await restarted.localPath(artifact), path);
      assert.equal(opens, 1, "reused without downloading");

      // A damaged cached file is replaced by a fresh download.
      writeFileSync(path, "damaged");
      assert.equal(await new ModelArtifactCache(dir, counting).localPath(artifact), path);
      assert.equal(opens, 2);
      assert.deepEqual(new Uint8Array(readFileSync(path)), bytes);
    });

    it("refuses bytes whose digest is not the descriptor's, keeping nothing", async () => {
      const bytes = new TextEncoder().encode("not the model you are looking for");
      const listed = sha256(new TextEncoder().encode("the real model"));
      // Stored under the listed name, but other bytes: what a tampered or mixed-up store would hand out.
      await store.putBlob({ name: listed }, bytes);
      const dir = tempDir();
      const cache = new ModelArtifactCache(dir, new ModelArtifactStore(store));
      await assert.rejects(cache.localPath({ name: "model", sha256: listed, sizeBytes: 14 }), (err: unknown) => {
        assert.ok(err instanceof ModelError && err.code === "MODEL_LOAD_FAILED", String(err));
        assert.ok(err.message.includes(sha256(bytes)) && err.message.includes(listed), err.message);
        return true;
      });
      assert.deepEqual(readdirSync(dir), [], "nothing cached, no temp file");
    });

    it("names a file missing from the store, and a digest that is not one", async () => {
      const cache = new ModelArtifactCache(tempDir(), new ModelArtifactStore(store));
      await assert.rejects(
        cache.localPath({ name: "model", sha256: "0".repeat(64), sizeBytes: 1 }),
        loadFailed(/is not in the models store/),
      );
      await assert.rejects(cache.localPath({ name: "model", sha256: "../../etc/passwd", sizeBytes: 1 }), loadFailed(/no valid sha256/));
    });
  });

  describe("the worker running an uploaded detector", () => {
    let registry: Subscription;
    let stored: ConsumerMessages;
    const outcomes = new OutcomeLog("stored");
    let stopWorker: (() => Promise<void>) | undefined;
    let models: ModelResolver;
    let cacheDir: string;
    let bytes: Uint8Array;
    const MODEL_ID = "cars-0a1b2c";

    before(async () => {
      bytes = carDetector();
      await store.putBlob({ name: sha256(bytes) }, bytes);
      const descriptor = uploadedDetectorDescriptor({ id: MODEL_ID, name: "Cars", bytes });
      registry = serveDescribeModel(client, (modelId) => (modelId === MODEL_ID ? descriptor : undefined));
      stored = await logStoredOutcomes(client, outcomes);

      // Wired as app.ts wires it, on the worker's own connection.
      const messaging = await Messaging.connect({ url: nats.url, namespace: nats.namespace, name: "inference-worker test" });
      cacheDir = tempDir();
      const cache = new ModelArtifactCache(cacheDir, new ModelArtifactStore(await messaging.objectStore(Buckets.models)));
      models = testModelResolver(messaging, { fetchArtifact: (artifact) => cache.localPath(artifact) });
      const logger = pino({ level: "silent" });
      const worker = await startWorker({
        messaging,
        models,
        logger,
        metrics: new Registry(),
        workerId: "w1",
        concurrency: 1,
        maxFramePixels: 10_000_000,
      });
      stopWorker = async () => {
        await worker.stop();
        await messaging.close();
      };
    });

    after(async () => {
      await stopWorker?.();
      await models?.dispose();
      registry?.unsubscribe();
      await stored?.close();
    });

    it("describes the model, fetches its file from the models store and returns its boxes in frame pixels", async () => {
      // 200×100: letterboxed into 64×64 at scale 0.32 with 16 px of grey above.
      const frameName = await storeFrame(client, await greyFramePng(200, 100));
      const mapping = [{ modelLabel: "car", taskLabelId: "label-car", taskLabelType: ShapeType.RECTANGLE }];
      await publishInferFrame(client, inferFrame({ frameObject: frameName, model: { id: MODEL_ID, runtime: "onnx-detector" }, mapping }));

      await outcomes.until("the frame's outcome", () => outcomes.all.length > 0, 15_000);
      const [outcome] = outcomes.all;
      assert.ok(outcome?.inferred, `a FrameInferred, got ${JSON.stringify(outcome?.failed)}`);
      const shapes = outcome.inferred.shapes;
      assert.equal(shapes.length, 1, "the second anchor scores under the threshold");
      assert.equal(shapes[0].type, ShapeType.RECTANGLE);
      assert.equal(shapes[0].labelId, "label-car");
      assert.ok(Math.abs(shapes[0].score! - 0.9) < 1e-6);
      // Input (16, 24)–(32, 40) → frame ((16 − 0) / 0.32, (24 − 16) / 0.32) … = (50, 25)–(100, 75).
      assert.deepEqual(
        shapes[0].points.map((v) => Math.round(v * 1000) / 1000),
        [50, 25, 100, 75],
      );
      assert.ok(existsSync(join(cacheDir, `${sha256(bytes)}.onnx`)), "the file is cached by digest");
    });
  });
});

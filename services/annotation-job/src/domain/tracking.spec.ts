import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_TRACKER_OPTIONS as D } from "@prelabel/tracking";
import type { LabelMapping, ModelLabel } from "./labels.js";
import { inferenceThreshold, mappingCanTrack, resolveTracking } from "./tracking.js";

describe("resolveTracking", () => {
  it("is no tracking when absent or disabled, whatever the other fields say", () => {
    assert.deepEqual(resolveTracking(null, 0.5), { ok: true, value: null });
    assert.deepEqual(resolveTracking({ enabled: false, iouThreshold: 7 }, 0.5), { ok: true, value: null });
  });

  it("fills omitted fields with the tracker's defaults; lowScore is the default or the threshold when lower", () => {
    assert.deepEqual(resolveTracking({ enabled: true, minHits: 1 }, 0.5), {
      ok: true,
      value: { iouThreshold: D.iouThreshold, maxAge: D.maxAge, minHits: 1, lowScore: D.lowScore },
    });
    const low = resolveTracking({ enabled: true }, 0.05);
    assert.equal(low.ok && low.value?.lowScore, 0.05);
  });

  it("accepts the bounds and rejects what is outside them, naming each field", () => {
    assert.ok(resolveTracking({ enabled: true, iouThreshold: 0.999, maxAge: 1000, minHits: 100 }, 0.5).ok);
    assert.ok(resolveTracking({ enabled: true, iouThreshold: 0.001, maxAge: 1, minHits: 1 }, 0.5).ok);
    const bad = resolveTracking({ enabled: true, iouThreshold: Number.NaN, maxAge: 2.5, minHits: 101 }, 0.5);
    assert.deepEqual(bad.ok ? [] : bad.problems.map((p) => p.field), ["iouThreshold", "maxAge", "minHits"]);
  });
});

describe("inferenceThreshold", () => {
  it("is the job's threshold without tracking, lowScore with it", () => {
    assert.equal(inferenceThreshold({ threshold: 0.6, tracking: null }), 0.6);
    assert.equal(inferenceThreshold({ threshold: 0.6, tracking: { iouThreshold: 0.3, maxAge: 30, minHits: 3, lowScore: 0.1 } }), 0.1);
  });
});

describe("mappingCanTrack", () => {
  const m = (modelLabel: string, taskLabelType: LabelMapping["taskLabelType"]): LabelMapping => ({
    modelLabel,
    taskLabelId: `t-${modelLabel}`,
    taskLabel: modelLabel,
    taskLabelType,
    attributes: [],
    sublabels: [],
  });
  const model = (name: string, type: ModelLabel["type"]): ModelLabel => ({ name, type, attributes: [], sublabels: [] });

  it("is true for a rectangle, polygon or skeleton task label, false for tags, points, polylines and masks", () => {
    for (const type of ["RECTANGLE", "POLYGON", "SKELETON"] as const)
      assert.ok(mappingCanTrack([m("a", type)], [model("a", type)], false), type);
    for (const type of ["TAG", "POINTS", "POLYLINE", "MASK"] as const)
      assert.ok(!mappingCanTrack([m("a", type)], [model("a", type)], false), type);
  });

  it("for an ANY task label, depends on what the model label gives (a mask only when converted)", () => {
    assert.ok(mappingCanTrack([m("a", "ANY")], [model("a", "RECTANGLE")], false));
    assert.ok(!mappingCanTrack([m("a", "ANY")], [model("a", "TAG")], false));
    assert.ok(!mappingCanTrack([m("a", "ANY")], [model("a", "MASK")], false));
    assert.ok(mappingCanTrack([m("a", "ANY")], [model("a", "MASK")], true));
  });

  it("needs one trackable pair among several", () => {
    assert.ok(mappingCanTrack([m("w", "TAG"), m("v", "RECTANGLE")], [model("w", "TAG"), model("v", "RECTANGLE")], false));
    assert.ok(!mappingCanTrack([], [], false));
  });
});

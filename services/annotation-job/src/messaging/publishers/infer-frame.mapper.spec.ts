import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InferFrameSchema, TileMerge, toBinary, fromBinary } from "@prelabel/proto";
import type { LabelMapping } from "../../domain/labels.js";
import { inferFrameMessage, runInferSettings, type InferSettings } from "./infer-frame.mapper.js";

const mapping: LabelMapping[] = [
  { modelLabel: "person", taskLabelId: "l-person", taskLabel: "Person", taskLabelType: "RECTANGLE", attributes: [], sublabels: [] },
];
const settings: InferSettings = {
  modelId: "m1",
  modelRuntime: "catalog:coco-object-detection",
  threshold: 0.5,
  tracking: null,
  convertMasksToPolygons: true,
  mapping,
  labelThresholds: [{ taskLabelId: "l-person", taskLabel: "Person", threshold: 0.25 }],
  tiling: { tileSize: 640, overlap: 0.25, merge: "WBF" },
};
const ids = { jobId: "j1", tenantId: "tenant-a", taskId: "t1" };
const frame = { index: 7, objectName: "sha256-7" };

/** Through the wire, as a worker reads it. */
const roundTrip = (s: InferSettings) => fromBinary(InferFrameSchema, toBinary(InferFrameSchema, inferFrameMessage(s, frame, ids)));

describe("inferFrameMessage", () => {
  it("carries the frame, ids, model, mapping, per-class thresholds (task label ids) and tiling", () => {
    const m = roundTrip(settings);
    assert.equal(m.jobId, "j1");
    assert.equal(m.tenantId, "tenant-a");
    assert.equal(m.taskId, "t1");
    assert.equal(m.frame, 7);
    assert.equal(m.frameObject, "sha256-7");
    assert.deepEqual({ id: m.model?.id, runtime: m.model?.runtime }, { id: "m1", runtime: "catalog:coco-object-detection" });
    assert.equal(m.threshold, 0.5);
    assert.equal(m.convertMasksToPolygons, true);
    assert.deepEqual(
      m.mapping.map((x) => [x.modelLabel, x.taskLabelId]),
      [["person", "l-person"]],
    );
    assert.deepEqual(
      m.labelThresholds.map((t) => [t.taskLabelId, t.threshold]),
      [["l-person", 0.25]],
    );
    assert.equal(m.tiling?.tileSize, 640);
    assert.equal(m.tiling?.overlap, 0.25);
    assert.equal(m.tiling?.merge, TileMerge.WBF);
  });
  it("sends no tiling and no label thresholds when the run has none, and NMS as NMS", () => {
    const plain = roundTrip({ ...settings, labelThresholds: [], tiling: null });
    assert.equal(plain.tiling, undefined);
    assert.deepEqual(plain.labelThresholds, []);
    assert.equal(roundTrip({ ...settings, tiling: { tileSize: 512, overlap: 0, merge: "NMS" } }).tiling?.merge, TileMerge.NMS);
  });
  it("asks for detections down to the tracker's lowScore when the run tracks", () => {
    const tracked = roundTrip({ ...settings, labelThresholds: [], tracking: { iouThreshold: 0.3, maxAge: 30, minHits: 2, lowScore: 0.1 } });
    assert.equal(Math.fround(tracked.threshold), Math.fround(0.1));
  });
  it("builds the same message from a validated run's settings", () => {
    const fromRun = runInferSettings({
      model: { id: "m1", runtime: "catalog:coco-object-detection" },
      threshold: 0.5,
      tracking: null,
      convertMasksToPolygons: true,
      mapping,
      labelThresholds: settings.labelThresholds,
      tiling: settings.tiling,
    });
    assert.deepEqual(roundTrip(fromRun), roundTrip(settings));
  });
});

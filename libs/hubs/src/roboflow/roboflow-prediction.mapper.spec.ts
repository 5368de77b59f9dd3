import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HubError, HubErrorCode } from "../hub.errors.js";
import { mapRoboflowPredictions, type PredictionFrame } from "./roboflow-prediction.mapper.js";

const frame: PredictionFrame = { width: 1000, height: 500, scaleX: 1, scaleY: 1 };
const det = { x: 100, y: 50, width: 40, height: 20, confidence: 0.9, class: "helmet", class_id: 1, detection_id: "d1" };

describe("mapRoboflowPredictions", () => {
  it("turns detection centres into corners", () => {
    assert.deepEqual(
      mapRoboflowPredictions("object-detection", { time: 0.1, image: { width: 1000, height: 500 }, predictions: [det] }, frame, "m"),
      [{ type: "rectangle", label: "helmet", score: 0.9, box: [80, 40, 120, 60], classId: 1 }],
    );
  });

  it("scales back from a downscaled upload and clamps to the original image", () => {
    const out = mapRoboflowPredictions(
      "object-detection",
      { predictions: [{ ...det, x: 490, y: 240, width: 40, height: 40 }] },
      { ...frame, scaleX: 2, scaleY: 2 },
      "m",
    );
    assert.deepEqual(out[0]?.type === "rectangle" && out[0].box, [940, 440, 1000, 500]);
  });

  it("drops predictions below the threshold", () => {
    assert.deepEqual(
      mapRoboflowPredictions("object-detection", { predictions: [{ ...det, confidence: 0.3 }] }, { ...frame, threshold: 0.5 }, "m"),
      [],
    );
  });

  it("turns instance-segmentation points into a flat polygon, dropping degenerate ones", () => {
    const points = [
      { x: 10, y: 10 },
      { x: 30, y: 10 },
      { x: 30, y: 20 },
    ];
    const out = mapRoboflowPredictions(
      "instance-segmentation",
      {
        predictions: [
          { ...det, points },
          { ...det, points: points.slice(0, 2) },
        ],
      },
      { ...frame, scaleX: 2, scaleY: 1 },
      "m",
    );
    assert.equal(out.length, 1);
    assert.ok(out[0]?.type === "polygon");
    assert.deepEqual(out[0].points, [20, 10, 60, 10, 60, 20]);
  });

  it("turns keypoints into a skeleton, reading class_name or class", () => {
    const keypoints = [
      { x: 10, y: 20, confidence: 0.9, class_id: 0, class_name: "nose" },
      { x: 12, y: 18, confidence: 0.4, class_id: 1, class: "left_eye" },
    ];
    const out = mapRoboflowPredictions("keypoint-detection", { predictions: [{ ...det, class: "person", keypoints }] }, frame, "m");
    assert.ok(out[0]?.type === "skeleton");
    assert.deepEqual(out[0].keypoints, [
      { label: "nose", x: 10, y: 20, score: 0.9, classId: 0 },
      { label: "left_eye", x: 12, y: 18, score: 0.4, classId: 1 },
    ]);
  });

  it("single-label classification: the top class as a tag", () => {
    const json = {
      predictions: [
        { class: "dry", class_id: 2, confidence: 0.05 },
        { class: "diseased", class_id: 1, confidence: 0.8 },
      ],
      top: "diseased",
      confidence: 0.8,
    };
    assert.deepEqual(mapRoboflowPredictions("image-classification", json, frame, "m"), [
      { type: "tag", label: "diseased", score: 0.8, classId: 1 },
    ]);
  });

  it("multi-label classification: predicted classes, or those above the threshold", () => {
    const json = {
      predictions: { scratch: { confidence: 0.9 }, dent: { confidence: 0.6 }, rust: { confidence: 0.1 } },
      predicted_classes: ["scratch", "dent"],
    };
    assert.deepEqual(
      mapRoboflowPredictions("image-classification", json, frame, "m").map((t) => t.label),
      ["scratch", "dent"],
    );
    assert.deepEqual(
      mapRoboflowPredictions("image-classification", json, { ...frame, threshold: 0.05 }, "m").map((t) => t.label),
      ["scratch", "dent", "rust"],
    );
  });

  it("wrong shapes are HUB_BAD_RESPONSE", () => {
    const bad: Array<[Parameters<typeof mapRoboflowPredictions>[0], unknown]> = [
      ["object-detection", { predictions: "none" }],
      ["object-detection", { predictions: [{ x: "1", y: 2 }] }],
      ["instance-segmentation", { predictions: [det] }],
      ["keypoint-detection", { predictions: [det] }],
      ["image-classification", { predictions: 3 }],
      ["object-detection", null],
    ];
    for (const [task, json] of bad) {
      assert.throws(
        () => mapRoboflowPredictions(task, json, frame, "m"),
        (e: unknown) => e instanceof HubError && e.code === HubErrorCode.BadResponse,
        JSON.stringify(json),
      );
    }
  });
});

import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { DataType } from "@prelabel/onnx-writer";
import { yoloV8DetectorSpec } from "@prelabel/testing";
import type { DecodedImage } from "../decoded-image.js";
import type { Detection } from "../detection-model.js";
import { createOrtSession } from "../model-runtime.js";
import type { ModelSession } from "../model-session.js";
import { OnnxDetectorModel } from "./onnx-detector.model.js";
import type { OnnxDetectorSpec } from "./onnx-detector.types.js";
import { TestGraph, writeTempModel } from "./test-graphs.testing.js";

/*
 * Every layout through onnxruntime itself: graphs built here whose outputs are known constants (or the mean
 * of one input channel, which proves the input reached the network as declared), run by a real session,
 * decoded by OnnxDetectorModel into frame pixels.
 */

const solid = (width: number, height: number, rgb: [number, number, number]): DecodedImage => {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) data.set(rgb, i * 3);
  return { width, height, data };
};

const base: OnnxDetectorSpec = yoloV8DetectorSpec({ inputWidth: 64, inputHeight: 64 });

const sessions: ModelSession[] = [];
const cleanups: (() => void)[] = [];
async function sessionFor(graph: TestGraph): Promise<ModelSession> {
  const file = writeTempModel(graph.bytes());
  cleanups.push(file.cleanup);
  const session = await createOrtSession(file.path, { intraOpNumThreads: 1 });
  sessions.push(session);
  return session;
}
after(async () => {
  for (const s of sessions) await s.release();
  for (const c of cleanups) c();
});

const near = (actual: Detection[], expected: { label: string; score: number; box: number[] }[]) => {
  assert.equal(actual.length, expected.length, JSON.stringify(actual));
  actual.forEach((d, i) => {
    const e = expected[i];
    assert.equal(d.label, e.label, `detection ${i} label`);
    assert.ok(Math.abs((d.score ?? NaN) - (e.score ?? NaN)) < 1e-5, `detection ${i} score ${d.score} ≠ ${e.score}`);
    d.box.forEach((v, k) =>
      assert.ok(Math.abs(v - e.box[k]) < 1e-3, `detection ${i} box ${JSON.stringify(d.box)} ≠ ${JSON.stringify(e.box)}`),
    );
  });
};

describe("OnnxDetectorModel through onnxruntime", () => {
  it("YOLO_V8, letterbox: decodes, suppresses overlaps, undoes the padding and clips to the frame", async () => {
    const graph = new TestGraph("yolo-v8");
    graph.input("images", DataType.FLOAT, ["batch", 3, 64, 64]);
    // [1, 4 + 2, 4 anchors], channel-major. Anchors (input pixels): a car box, a weaker overlapping car box
    // (suppressed), a person box, and a person box hanging over the right edge of the content.
    const cx = [24, 25, 48, 60];
    const cy = [32, 32, 32, 20];
    const w = [16, 16, 8, 16];
    const h = [16, 16, 8, 16];
    const person = [0.1, 0.1, 0.5, 0.6];
    const car = [0.9, 0.8, 0.05, 0.1];
    graph.constant("output0", [1, 6, 4], [...cx, ...cy, ...w, ...h, ...person, ...car]);
    const model = new OnnxDetectorModel(await sessionFor(graph), base);

    // A 200×100 frame fills 64×32 of the input, 16 px of grey above and below: frame = (input − pad) / 0.32.
    const frame = solid(200, 100, [10, 200, 30]);
    near(await model.detect(frame, { threshold: 0.25, returnMasks: false }), [
      { label: "car", score: 0.9, box: [50, 25, 100, 75] },
      { label: "person", score: 0.6, box: [162.5, 0, 200, 37.5] },
      { label: "person", score: 0.5, box: [137.5, 37.5, 162.5, 62.5] },
    ]);
    assert.deepEqual(model.labels, ["person", "car"]);

    near(await model.detect(frame, { threshold: 0.55, returnMasks: false }), [
      { label: "car", score: 0.9, box: [50, 25, 100, 75] },
      { label: "person", score: 0.6, box: [162.5, 0, 200, 37.5] },
    ]);
    const capped = new OnnxDetectorModel(await sessionFor(graph), { ...base, maxDetections: 1 });
    assert.equal((await capped.detect(frame, { threshold: 0.25, returnMasks: false })).length, 1);
    // A class named "" is ignored: its boxes never come out.
    const carsOnly = new OnnxDetectorModel(await sessionFor(graph), { ...base, classNames: ["", "car"] });
    assert.deepEqual(
      (await carsOnly.detect(frame, { threshold: 0.25, returnMasks: false })).map((d) => d.label),
      ["car"],
    );
    assert.deepEqual(carsOnly.labels, ["car"]);
  });

  it("YOLO_V5, stretch: objectness × class, and the input reaches the network in the declared channel order", async () => {
    const graph = new TestGraph("yolo-v5");
    const input = graph.input("images", DataType.FLOAT, [1, 3, 32, 32]);
    // One row: a fixed box, objectness = mean of input channel 0, class probabilities (1, 0).
    const objectness = graph.channelMean(input, 0, "NCHW");
    graph.concat(
      "output",
      [graph.values("box", [1, 1, 4], [16, 16, 8, 8]), objectness, graph.values("classes", [1, 1, 2], [1, 0])],
      2,
      [1, 1, 7],
    );
    const spec: OnnxDetectorSpec = {
      ...base,
      outputLayout: "YOLO_V5",
      resize: "STRETCH",
      inputWidth: 32,
      inputHeight: 32,
      outputNames: ["output"],
    };
    const session = await sessionFor(graph);
    const frame = solid(100, 50, [204, 0, 51]);

    // RGB: channel 0 is red, 204 / 255 = 0.8. The box [12, 12, 20, 20] stretched back: × 100/32 and × 50/32.
    near(await new OnnxDetectorModel(session, spec).detect(frame, { threshold: 0.25, returnMasks: false }), [
      { label: "person", score: 0.8, box: [37.5, 18.75, 62.5, 31.25] },
    ]);
    // BGR: channel 0 is blue, 51 / 255 = 0.2, under the threshold.
    assert.deepEqual(
      await new OnnxDetectorModel(session, { ...spec, channelOrder: "BGR" }).detect(frame, { threshold: 0.25, returnMasks: false }),
      [],
    );
    // Normalisation (x − 102) / 102 turns red 204 into 1.
    near(
      await new OnnxDetectorModel(session, { ...spec, mean: [102, 0, 0], std: [102, 1, 1] }).detect(frame, {
        threshold: 0.25,
        returnMasks: false,
      }),
      [{ label: "person", score: 1, box: [37.5, 18.75, 62.5, 31.25] }],
    );
  });

  it("YOLO_END2END, NHWC float input: boxes as given, class ids offset, no NMS", async () => {
    const graph = new TestGraph("yolo-end2end");
    graph.input("images", DataType.FLOAT, [1, 64, 64, 3]);
    // x1, y1, x2, y2, score, class id. Two overlapping boxes of one class both stay (the model did its NMS).
    graph.constant("output0", [1, 4, 6], [0, 16, 32, 48, 0.7, 2, 4, 16, 36, 48, 0.6, 2, 32, 16, 64, 48, 0.9, 1, 0, 0, 0, 0, 0, 0]);
    const spec: OnnxDetectorSpec = { ...base, outputLayout: "YOLO_END2END", tensorLayout: "NHWC", classIdOffset: 1 };
    const model = new OnnxDetectorModel(await sessionFor(graph), spec);
    // A 128×64 frame: scale 0.5, 16 px of padding above.
    near(await model.detect(solid(128, 64, [0, 0, 0]), { threshold: 0.25, returnMasks: false }), [
      { label: "person", score: 0.9, box: [64, 0, 128, 64] },
      { label: "car", score: 0.7, box: [0, 0, 64, 64] },
      { label: "car", score: 0.6, box: [8, 0, 72, 64] },
    ]);
  });

  it("SSD, NHWC uint8 BGR input: normalised ymin, xmin, ymax, xmax, TF class ids, count", async () => {
    const graph = new TestGraph("ssd");
    const input = graph.input("image_tensor", DataType.UINT8, [1, "height", "width", 3]);
    // Row 0's score = mean of input channel 0 / 255; row 1 is fixed at 0.4; row 2 is past num_detections.
    const first = graph.reshape(graph.channelMean(input, 0, "NHWC", { cast: true, scale: 1 / 255 }), [1, 1]);
    graph.constant("detection_boxes", [1, 3, 4], [0.25, 0.5, 0.75, 1, 0, 0, 0.5, 0.5, 0, 0, 1, 1]);
    graph.concat("detection_scores", [first, graph.values("rest", [1, 2], [0.4, 0.99])], 1, [1, 3]);
    graph.constant("detection_classes", [1, 3], [1, 2, 1]);
    graph.constant("num_detections", [1], [2]);
    const spec: OnnxDetectorSpec = {
      ...base,
      outputLayout: "SSD",
      resize: "STRETCH",
      inputWidth: 40,
      inputHeight: 20,
      tensorLayout: "NHWC",
      inputType: "UINT8",
      channelOrder: "BGR",
      classNames: ["cat", "dog"],
      classIdOffset: 1,
      inputName: "image_tensor",
      outputNames: ["detection_boxes", "detection_scores", "detection_classes", "num_detections"],
    };
    const model = new OnnxDetectorModel(await sessionFor(graph), spec);
    // BGR: channel 0 is blue = 153 → 0.6. Boxes are relative to the (stretched) input, so to the frame.
    near(await model.detect(solid(400, 300, [0, 0, 153]), { threshold: 0.3, returnMasks: false }), [
      { label: "cat", score: 0.6, box: [200, 75, 400, 225] },
      { label: "dog", score: 0.4, box: [0, 0, 200, 150] },
    ]);
  });

  it("DETR, letterbox, ImageNet normalisation: softmax with a no-object class, normalised boxes", async () => {
    const graph = new TestGraph("detr");
    graph.input("pixel_values", DataType.FLOAT, ["batch", 3, 64, 64]);
    graph.constant("logits", [1, 2, 3], [2, 0, 0, 0, 0, 3]);
    graph.constant("pred_boxes", [1, 2, 4], [0.5, 0.5, 0.25, 0.5, 0.5, 0.5, 1, 1]);
    const spec: OnnxDetectorSpec = {
      ...base,
      outputLayout: "DETR",
      mean: [123.675, 116.28, 103.53],
      std: [58.395, 57.12, 57.375],
      inputName: "pixel_values",
      outputNames: ["logits", "pred_boxes"],
    };
    const model = new OnnxDetectorModel(await sessionFor(graph), spec);
    // A 100×200 portrait frame: scale 0.32, content 32×64 with 16 px of padding on the left.
    // Query 0: softmax(2, 0, 0)[0] = e² / (e² + 2); box (32, 32, 16, 32) in input pixels. Query 1 is no-object.
    near(await model.detect(solid(100, 200, [120, 120, 120]), { threshold: 0.25, returnMasks: false }), [
      { label: "person", score: Math.exp(2) / (Math.exp(2) + 2), box: [25, 50, 75, 150] },
    ]);
  });

  it("refuses a spec naming tensors the model lacks, and reports an output that does not fit the layout as MODEL_OUTPUT_INVALID", async () => {
    const graph = new TestGraph("wrong");
    graph.input("images", DataType.FLOAT, [1, 3, 64, 64]);
    graph.constant("output0", [1, 7, 2], new Array(14).fill(0));
    const session = await sessionFor(graph);
    assert.throws(
      () => new OnnxDetectorModel(session, { ...base, inputName: "pixel_values", outputNames: ["logits"] }),
      (err: any) =>
        err.code === "MODEL_LOAD_FAILED" && /no input "pixel_values" \(the model has images\); no output "logits"/.test(err.message),
    );
    const model = new OnnxDetectorModel(session, base);
    await assert.rejects(model.detect(solid(8, 8, [0, 0, 0]), { threshold: 0.25, returnMasks: false }), (err: any) => {
      assert.equal(err.code, "MODEL_OUTPUT_INVALID");
      assert.match(err.message, /YOLO_V8 output has shape \[1, 7, 2\], expected \[N, 6, anchors\]/);
      return true;
    });
  });
});

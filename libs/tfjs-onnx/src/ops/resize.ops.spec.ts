import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encodeOnnxModel } from "@prelabel/onnx-writer";
import { convertTfjsGraph } from "../tfjs-graph.converter.js";
import { assertMatchesTfjs, f32 } from "../testing/op-parity.js";
import { runOnnx } from "../testing/onnx.runner.js";
import { uniformFloats } from "../testing/seeded-random.js";
import { TfGraphFixture, tfAttr } from "../testing/tf-graph.fixture.js";

function resizeGraph(op: string, size: [number, number], inShape: number[]) {
  const g = new TfGraphFixture();
  const x = g.placeholder("x", inShape);
  const s = g.const("size", [2], size, "int32");
  const modes = { asymmetric: [false, false], align_corners: [true, false], half_pixel: [false, true] } as const;
  for (const [name, [alignCorners, halfPixel]] of Object.entries(modes)) {
    g.op(name, op, [x, s], { align_corners: tfAttr.b(alignCorners), half_pixel_centers: tfAttr.b(halfPixel) });
  }
  return g.source();
}

describe("resize ops", () => {
  it("ResizeBilinear, 1-D hand check of the three sampling grids (2 → 4)", async () => {
    const out = await runOnnx(
      encodeOnnxModel(
        convertTfjsGraph(resizeGraph("ResizeBilinear", [1, 4], [1, 1, 2, 1]), { outputs: ["asymmetric", "align_corners", "half_pixel"] })
          .model,
      ),
      {
        x: f32([1, 1, 2, 1], [0, 8]),
      },
    );
    // asymmetric: src = dst·2/4 → 0, 0.5, 1, 1.5 (clamped to 1); align_corners: src = dst·1/3; half_pixel: (dst+0.5)/2 − 0.5 → −0.25 (clamped), 0.25, 0.75, 1.25.
    assert.deepEqual([...out.asymmetric.data], [0, 4, 8, 8]);
    assert.deepEqual(
      [...out.align_corners.data].map((v) => Math.round(Number(v) * 1e5) / 1e5),
      [0, 2.66667, 5.33333, 8],
    );
    assert.deepEqual([...out.half_pixel.data], [0, 2, 6, 8]);
  });

  it("ResizeBilinear matches TF.js for all three modes, up and down, non-integer ratios, 2 channels", async () => {
    const feeds = { x: f32([1, 5, 7, 2], uniformFloats(21, 70, -1, 1)) };
    await assertMatchesTfjs(
      resizeGraph("ResizeBilinear", [9, 12], [1, 5, 7, 2]),
      feeds,
      ["asymmetric", "align_corners", "half_pixel"],
      1e-5,
    );
    await assertMatchesTfjs(
      resizeGraph("ResizeBilinear", [3, 4], [1, 5, 7, 2]),
      feeds,
      ["asymmetric", "align_corners", "half_pixel"],
      1e-5,
    );
  });

  it("ResizeNearestNeighbor matches TF.js for all three modes", async () => {
    const feeds = { x: f32([1, 5, 7, 2], uniformFloats(22, 70, -1, 1)) };
    await assertMatchesTfjs(
      resizeGraph("ResizeNearestNeighbor", [10, 14], [1, 5, 7, 2]),
      feeds,
      ["asymmetric", "align_corners", "half_pixel"],
      0,
    );
    await assertMatchesTfjs(
      resizeGraph("ResizeNearestNeighbor", [8, 9], [1, 5, 7, 2]),
      feeds,
      ["asymmetric", "align_corners", "half_pixel"],
      0,
    );
  });

  it("emits no `axes` attribute and a full-rank sizes (the layout-transformer trap), and loads at level all", () => {
    const { model } = convertTfjsGraph(resizeGraph("ResizeBilinear", [9, 12], [1, 5, 7, 2]), { outputs: ["half_pixel"] });
    const resize = model.graph.nodes.find((n) => n.opType === "Resize")!;
    assert.ok(!resize.attributes?.some((a) => a.name === "axes"));
    const concat = model.graph.nodes.find((n) => n.outputs[0] === resize.inputs[3])!;
    assert.equal(concat.opType, "Concat");
    assert.equal(concat.inputs.length, 3, "N, (h, w), C");
  });
});

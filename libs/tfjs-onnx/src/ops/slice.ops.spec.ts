import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { convertTfjsGraph } from "../tfjs-graph.converter.js";
import { UnsupportedOpError } from "../tfjs-onnx.errors.js";
import { assertMatchesTfjs, convertAndRun, f32, i32 } from "../testing/op-parity.js";
import { TfGraphFixture, tfAttr } from "../testing/tf-graph.fixture.js";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function stridedSlice(
  g: TfGraphFixture,
  name: string,
  x: string,
  begin: number[],
  end: number[],
  strides: number[],
  masks: Record<string, number>,
): string {
  const c = (suffix: string, v: number[]) => g.const(`${name}/${suffix}`, [v.length], v, "int32");
  const attrs = Object.fromEntries(
    ["begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask"].map((m) => [m, tfAttr.i(masks[m] ?? 0)]),
  );
  return g.op(name, "StridedSlice", [x, c("begin", begin), c("end", end), c("strides", strides)], {
    T: tfAttr.type("DT_FLOAT"),
    Index: tfAttr.type("DT_INT32"),
    ...attrs,
  });
}

describe("slice ops", () => {
  // x[a, b, c] = 100a + 10b + c over shape [2, 3, 4]: every element names its own position.
  const x = range(24).map((i) => 100 * Math.floor(i / 12) + 10 * (Math.floor(i / 4) % 3) + (i % 4));
  const feeds = { x: f32([2, 3, 4], x) };

  it("StridedSlice: begin/end masks, negative stride, shrink (including begin -1)", async () => {
    const g = new TfGraphFixture();
    const input = g.placeholder("x", [2, 3, 4]);
    // x[:, 1:, ::2] via masks (begin/end values under a mask are ignored: deliberately nonsense here)
    stridedSlice(g, "masked", input, [7, 1, 9], [7, 0, 9], [1, 1, 2], { begin_mask: 0b101, end_mask: 0b111 });
    // x[1, :, ::-1] — shrink axis 0, reverse the last axis
    stridedSlice(g, "reversed", input, [1, 0, 0], [2, 0, 0], [1, 1, -1], { shrink_axis_mask: 0b001, begin_mask: 0b110, end_mask: 0b110 });
    // x[-1, -1, 1:3] — shrink with begin -1 must take the last element, not an empty range
    stridedSlice(g, "last", input, [-1, -1, 1], [0, 0, 3], [1, 1, 1], { shrink_axis_mask: 0b011 });
    // x[:, 2:0:-1, -3:] — negative stride with explicit bounds, negative begin
    stridedSlice(g, "negative", input, [0, 2, -3], [0, 0, 0], [1, -1, 1], { begin_mask: 0b001, end_mask: 0b101 });
    // TF.js 4.22 throws on x[1, :, ::-1] (shrink + masked negative stride), so "reversed" is checked by hand only.
    const out = {
      ...(await assertMatchesTfjs(g.source(), feeds, ["masked", "last", "negative"], 0)),
      ...(await convertAndRun(g.source(), feeds, { outputs: ["reversed"] })),
    };
    assert.deepEqual(out.masked.dims, [2, 2, 2]);
    assert.deepEqual([...out.masked.data], [10, 12, 20, 22, 110, 112, 120, 122]);
    assert.deepEqual(out.reversed.dims, [3, 4]);
    assert.deepEqual([...out.reversed.data], [103, 102, 101, 100, 113, 112, 111, 110, 123, 122, 121, 120]);
    assert.deepEqual(out.last.dims, [2]);
    assert.deepEqual([...out.last.data], [121, 122]);
    assert.deepEqual(out.negative.dims, [2, 2, 3]);
    assert.deepEqual([...out.negative.data], [21, 22, 23, 11, 12, 13, 121, 122, 123, 111, 112, 113]);
  });

  it("StridedSlice with an ellipsis or new axis is refused with UnsupportedOpError naming op and node", () => {
    for (const mask of ["ellipsis_mask", "new_axis_mask"]) {
      const g = new TfGraphFixture();
      stridedSlice(g, "odd_slice", g.placeholder("x", [2, 3, 4]), [0, 0], [1, 1], [1, 1], { [mask]: 1 });
      assert.throws(
        () => convertTfjsGraph(g.source(), { outputs: ["odd_slice"] }),
        (e: unknown) =>
          e instanceof UnsupportedOpError &&
          e.code === "TFJS_UNSUPPORTED_OP" &&
          e.op === "StridedSlice" &&
          e.node === "odd_slice" &&
          e.message.includes(mask),
      );
    }
  });

  it("Slice with size -1, GatherV2 on an axis, GatherNd with int32 indices", async () => {
    const g = new TfGraphFixture();
    const input = g.placeholder("x", [2, 3, 4]);
    g.op("slice", "Slice", [input, g.const("b", [3], [1, 1, 0], "int32"), g.const("s", [3], [1, -1, 3], "int32")], {
      T: tfAttr.type("DT_FLOAT"),
      Index: tfAttr.type("DT_INT32"),
    });
    g.op("gather", "GatherV2", [input, g.const("idx", [2], [2, 0], "int32"), g.const("axis", [], [1], "int32")], {
      batch_dims: tfAttr.i(0),
    });
    const ndIdx = g.placeholder("nd", [2, 2], "DT_INT32");
    g.op("gathernd", "GatherNd", [input, ndIdx], {});
    const out = await assertMatchesTfjs(g.source(), { ...feeds, nd: i32([2, 2], [1, 2, 0, 1]) }, ["slice", "gather", "gathernd"], 0);
    assert.deepEqual([...out.slice.data], [110, 111, 112, 120, 121, 122]);
    assert.deepEqual([...out.gathernd.data], [120, 121, 122, 123, 10, 11, 12, 13]);
  });
});

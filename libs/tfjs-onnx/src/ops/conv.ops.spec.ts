import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TfAttrValue } from "../tfjs-model.types.js";
import { assertMatchesTfjs, convertAndRun, f32, runReference } from "../testing/op-parity.js";
import { compareTensors } from "../testing/tensor.compare.js";
import { uniformFloats } from "../testing/seeded-random.js";
import { TfGraphFixture, tfAttr } from "../testing/tf-graph.fixture.js";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Direct NHWC convolution with TF's SAME rule written out: pad_before = floor(total / 2), the odd one at the end. */
function referenceConvSame(x: number[], h: number, w: number, k: number[], kh: number, kw: number, stride: number): number[] {
  const oh = Math.ceil(h / stride);
  const ow = Math.ceil(w / stride);
  const padTop = Math.floor(Math.max((oh - 1) * stride + kh - h, 0) / 2);
  const padLeft = Math.floor(Math.max((ow - 1) * stride + kw - w, 0) / 2);
  const out: number[] = [];
  for (let r = 0; r < oh; r++)
    for (let c = 0; c < ow; c++) {
      let s = 0;
      for (let i = 0; i < kh; i++)
        for (let j = 0; j < kw; j++) {
          const y = r * stride + i - padTop;
          const xx = c * stride + j - padLeft;
          if (y >= 0 && y < h && xx >= 0 && xx < w) s += x[y * w + xx] * k[i * kw + j];
        }
      out.push(s);
    }
  return out;
}

const conv2dAttrs = (padding: string, stride: number) => ({
  T: tfAttr.type("DT_FLOAT"),
  strides: tfAttr.ints([1, stride, stride, 1]),
  padding: tfAttr.s(padding),
  data_format: tfAttr.s("NHWC"),
  dilations: tfAttr.ints([1, 1, 1, 1]),
});

describe("conv ops", () => {
  it("SAME padding on a stride-2 conv puts the odd padding at the end (TF's rule, ONNX SAME_UPPER)", async () => {
    const g = new TfGraphFixture();
    const x = g.placeholder("x", [1, 6, 6, 1]);
    const k = g.const("k", [3, 3, 1, 1], new Array(9).fill(1));
    g.op("y", "Conv2D", [x, k], conv2dAttrs("SAME", 2));
    const input = range(36);
    const out = await assertMatchesTfjs(g.source(), { x: f32([1, 6, 6, 1], input) }, ["y"]);
    // Rows/cols 0..2 of i·6+j: 63. SAME_LOWER (padding at the start) would give 0+1+6+7 = 14.
    assert.equal(out.y.data[0], 63);
    assert.deepEqual([...out.y.data], referenceConvSame(input, 6, 6, new Array(9).fill(1), 3, 3, 2));
  });

  it("keeps HWIO filters meaning: multi-channel conv with distinct weights, VALID and EXPLICIT padding", async () => {
    const g = new TfGraphFixture();
    const x = g.placeholder("x", [1, 5, 4, 3]);
    const k = g.const("k", [3, 2, 3, 4], uniformFloats(1, 3 * 2 * 3 * 4, -1, 1));
    g.op("valid", "Conv2D", [x, k], conv2dAttrs("VALID", 1));
    g.op("explicit", "Conv2D", [x, k], { ...conv2dAttrs("EXPLICIT", 2), explicit_paddings: tfAttr.ints([0, 0, 1, 2, 0, 1, 0, 0]) });
    await assertMatchesTfjs(g.source(), { x: f32([1, 5, 4, 3], uniformFloats(2, 60, -1, 1)) }, ["valid", "explicit"]);
  });

  it("depthwise filters [KH,KW,C,M] become [C·M,1,KH,KW] with group C (channel multiplier 2)", async () => {
    const g = new TfGraphFixture();
    const x = g.placeholder("x", [1, 3, 3, 2]);
    const filter = range(2 * 2 * 2 * 2).map((v) => v + 1); // distinct weights expose any layout mistake
    const k = g.const("k", [2, 2, 2, 2], filter);
    g.op("y", "DepthwiseConv2dNative", [x, k], conv2dAttrs("VALID", 1));
    const input = range(18).map((v) => v * 0.5 - 3);
    const out = await assertMatchesTfjs(g.source(), { x: f32([1, 3, 3, 2], input) }, ["y"]);
    // Reference: out[y, x, c·M + m] = Σ in[y+i, x+j, c] · F[i, j, c, m].
    const expected: number[] = [];
    for (let y = 0; y < 2; y++)
      for (let xx = 0; xx < 2; xx++)
        for (let c = 0; c < 2; c++)
          for (let m = 0; m < 2; m++) {
            let s = 0;
            for (let i = 0; i < 2; i++)
              for (let j = 0; j < 2; j++) s += input[((y + i) * 3 + xx + j) * 2 + c] * filter[((i * 2 + j) * 2 + c) * 2 + m];
            expected.push(s);
          }
    assert.deepEqual(out.y.dims, [1, 2, 2, 4]);
    assert.deepEqual([...out.y.data], expected);
  });

  it("fused conv and depthwise: BiasAdd with Relu, Relu6, Elu, Sigmoid, LeakyRelu and Prelu", async () => {
    const g = new TfGraphFixture();
    const x = g.placeholder("x", [1, 6, 5, 3]);
    const k = g.const("k", [3, 3, 3, 4], uniformFloats(3, 108, -1, 1));
    const dk = g.const("dk", [3, 3, 3, 1], uniformFloats(4, 27, -1, 1));
    const bias = g.const("bias", [4], [0.5, -0.5, 1, -1]);
    const dbias = g.const("dbias", [3], [0.25, -0.25, 0]);
    const alpha = g.const("alpha", [4], [0.1, 0.2, 0.3, 0.4]);
    const outputs: string[] = [];
    for (const act of ["Relu", "Relu6", "Elu", "Sigmoid", "LeakyRelu"]) {
      const extra: Record<string, TfAttrValue> = act === "LeakyRelu" ? { leakyrelu_alpha: tfAttr.f(0.3) } : {};
      outputs.push(
        g.op(`conv_${act}`, "_FusedConv2D", [x, k, bias], {
          ...conv2dAttrs("SAME", 2),
          fused_ops: tfAttr.strings(["BiasAdd", act]),
          num_args: tfAttr.i(1),
          ...extra,
        }),
      );
      g.op(`dw_${act}`, "FusedDepthwiseConv2dNative", [x, dk, dbias], {
        ...conv2dAttrs("SAME", 1),
        fused_ops: tfAttr.strings(["BiasAdd", act]),
        num_args: tfAttr.i(1),
        ...extra,
      });
      if (act !== "LeakyRelu") outputs.push(`dw_${act}`);
    }
    outputs.push(
      g.op("conv_bias", "_FusedConv2D", [x, k, bias], {
        ...conv2dAttrs("VALID", 1),
        fused_ops: tfAttr.strings(["BiasAdd"]),
        num_args: tfAttr.i(1),
      }),
    );
    outputs.push(
      g.op("conv_prelu", "_FusedConv2D", [x, k, bias, alpha], {
        ...conv2dAttrs("SAME", 1),
        fused_ops: tfAttr.strings(["BiasAdd", "Prelu"]),
        num_args: tfAttr.i(2),
      }),
    );
    // TF.js's cpu fused depthwise drops leakyrelu_alpha (gives NaN), so that one is checked against the unfused ops.
    const dwPlain = g.op("dw_plain", "DepthwiseConv2dNative", [x, dk], conv2dAttrs("SAME", 1));
    g.op("dw_leaky_unfused", "LeakyRelu", [g.op("dw_biased", "BiasAdd", [dwPlain, dbias])], { alpha: tfAttr.f(0.3) });
    const source = g.source();
    const feeds = { x: f32([1, 6, 5, 3], uniformFloats(5, 90, -3, 3)) };
    await assertMatchesTfjs(source, feeds, outputs);
    const fused = await convertAndRun(source, feeds, { outputs: ["dw_LeakyRelu"] });
    const unfused = await runReference(source, feeds, ["dw_leaky_unfused"]);
    assert.ok(compareTensors(fused.dw_LeakyRelu.data, unfused.dw_leaky_unfused.data).maxAbsDiff <= 1e-5);
  });

  it("MaxPool and AvgPool, SAME and VALID; AvgPool's SAME border divides by the real element count", async () => {
    const g = new TfGraphFixture();
    const x = g.placeholder("x", [1, 5, 5, 2]);
    const pool = (name: string, op: string, padding: string, stride: number) =>
      g.op(name, op, [x], {
        T: tfAttr.type("DT_FLOAT"),
        ksize: tfAttr.ints([1, 3, 3, 1]),
        strides: tfAttr.ints([1, stride, stride, 1]),
        padding: tfAttr.s(padding),
        data_format: tfAttr.s("NHWC"),
      });
    const outputs = [
      pool("max_same", "MaxPool", "SAME", 2),
      pool("max_valid", "MaxPool", "VALID", 1),
      pool("avg_same", "AvgPool", "SAME", 2),
      pool("avg_valid", "AvgPool", "VALID", 2),
    ];
    const input = range(50).map((v) => (v % 7) - 3);
    const out = await assertMatchesTfjs(g.source(), { x: f32([1, 5, 5, 2], input) }, outputs);
    // avg_same[0,0,0,0]: SAME with k3 s2 on 5 pads 1 each side, so the window is rows/cols -1..1 → 4 real cells.
    const cells = [0, 1, 5, 6].map((p) => input[p * 2]);
    assert.ok(Math.abs(Number(out.avg_same.data[0]) - cells.reduce((a, b) => a + b) / 4) < 1e-6);
  });
});

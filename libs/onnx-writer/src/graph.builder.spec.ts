import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GraphBuilder } from "./graph.builder.js";
import { DataType } from "./onnx-model.types.js";
import { OnnxWriterError, OnnxWriterErrorCode } from "./onnx-writer.errors.js";

const hasCode = (code: OnnxWriterErrorCode) => (e: unknown) => e instanceof OnnxWriterError && e.code === code;

describe("GraphBuilder", () => {
  it("makes names unique deterministically", () => {
    const g = new GraphBuilder();
    assert.deepEqual([g.uniqueName("a"), g.uniqueName("a"), g.uniqueName("a"), g.uniqueName("a_1")], ["a", "a_1", "a_2", "a_1_1"]);
    const w1 = g.addFloat32("w", [1], [1]);
    const w2 = g.addFloat32("w", [1], [2]);
    assert.deepEqual([w1, w2], ["w", "w_1"]);
  });

  it("names outputs <node>:<i> by default and records nodes in order", () => {
    const g = new GraphBuilder();
    const x = g.addInput("x", DataType.FLOAT, [4]);
    const [first, second] = g.addNode("Split", [x, g.addInt64("split", [2, 2])], { outputs: 2 });
    const y = g.addOp("Add", [first, second]);
    const graph = g.build();
    assert.deepEqual([first, second], ["Split:0", "Split:1"]);
    assert.equal(y, "Add:0");
    assert.deepEqual(
      graph.nodes.map((n) => n.opType),
      ["Split", "Add"],
    );
  });

  it("refuses an input nothing produces, a reused name and an unknown output", () => {
    const g = new GraphBuilder();
    g.addInput("x", DataType.FLOAT);
    assert.throws(() => g.addOp("Relu", ["nope"]), hasCode(OnnxWriterErrorCode.UnknownValue));
    assert.throws(() => g.addInput("x", DataType.FLOAT), hasCode(OnnxWriterErrorCode.DuplicateName));
    assert.throws(() => g.addOp("Relu", ["x"], undefined, { output: "x" }), hasCode(OnnxWriterErrorCode.DuplicateName));
    assert.throws(() => g.addOutput("missing", DataType.FLOAT), hasCode(OnnxWriterErrorCode.UnknownValue));
  });

  it("allows omitted optional inputs", () => {
    const g = new GraphBuilder();
    const x = g.addInput("x", DataType.FLOAT, [1, 1, 2, 2]);
    const y = g.addOp("Resize", [x, "", g.addFloat32("scales", [4], [1, 1, 2, 2])]);
    assert.deepEqual(g.build().nodes[0].inputs, ["x", "", "scales"]);
    assert.equal(y, "Resize:0");
  });
});

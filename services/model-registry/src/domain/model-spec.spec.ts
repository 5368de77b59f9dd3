import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Model, ModelLabel } from "./model.js";
import { InvalidModelSpecError } from "./model-registry.errors.js";
import { catalogModelFixture } from "./model.testing.js";
import { assertValidModelSpec, findModelSpecProblems } from "./model-spec.js";

const label = (over: Partial<ModelLabel> = {}): ModelLabel => ({ name: "car", type: "RECTANGLE", attributes: [], sublabels: [], ...over });
const model = (over: Partial<Model> = {}): Model =>
  catalogModelFixture({
    id: "car-detector",
    name: "Cars",
    labels: [label()],
    inputSize: { width: 640, height: 640 },
    runtime: "catalog:car-detector",
    ...over,
  });

describe("model spec rules", () => {
  it("accepts a well-formed spec", () => {
    assert.deepEqual(findModelSpecProblems(model()), []);
    assert.equal(assertValidModelSpec(model()).id, "car-detector");
  });

  it("keeps the threshold in (0, 1]", () => {
    assert.equal(findModelSpecProblems(model({ defaultThreshold: 1 })).length, 0);
    for (const t of [0, -0.1, 1.01, Number.NaN]) {
      assert.match(findModelSpecProblems(model({ defaultThreshold: t })).join(), /defaultThreshold/);
    }
  });

  it("rejects duplicate labels and attributes, as CVAT rejects a bad function spec", () => {
    const attr = { name: "color", inputType: "SELECT" as const, values: ["red", "blue"], defaultValue: "red" };
    const problems = findModelSpecProblems(model({ labels: [label({ attributes: [attr, attr] }), label()] }));
    assert.ok(problems.some((p) => p.includes('duplicate label "car"')));
    assert.ok(problems.some((p) => p.includes('duplicate attribute "color"')));
  });

  it("checks attribute values by input type", () => {
    const bad = [
      { name: "a", inputType: "SELECT" as const, values: [], defaultValue: null },
      { name: "b", inputType: "RADIO" as const, values: ["x"], defaultValue: "y" },
      { name: "c", inputType: "CHECKBOX" as const, values: [], defaultValue: "yes" },
      { name: "d", inputType: "NUMBER" as const, values: ["0", "10"], defaultValue: null },
      { name: "e", inputType: "NUMBER" as const, values: ["0", "10", "1"], defaultValue: "11" },
    ];
    const problems = findModelSpecProblems(model({ labels: [label({ attributes: bad })] }));
    assert.equal(problems.length, 5, problems.join("\n"));
    assert.deepEqual(
      findModelSpecProblems(
        model({ labels: [label({ attributes: [{ name: "n", inputType: "NUMBER", values: ["0", "10", "1"], defaultValue: "3" }] })] }),
      ),
      [],
    );
  });

  it("allows sublabels only on skeletons, and only POINTS elements", () => {
    const point = label({ name: "nose", type: "POINTS" });
    assert.deepEqual(findModelSpecProblems(model({ labels: [label({ name: "person", type: "SKELETON", sublabels: [point] })] })), []);
    assert.match(findModelSpecProblems(model({ labels: [label({ sublabels: [point] })] })).join(), /only SKELETON/);
    assert.match(findModelSpecProblems(model({ labels: [label({ type: "SKELETON" })] })).join(), /needs sublabels/);
    assert.match(
      findModelSpecProblems(model({ labels: [label({ type: "SKELETON", sublabels: [label({ name: "x" })] })] })).join(),
      /must be POINTS/,
    );
  });

  it("checks id, labels and input size", () => {
    const problems = findModelSpecProblems(model({ id: "Bad Id", labels: [], inputSize: { width: 0, height: 1.5 } }));
    assert.equal(problems.length, 3, problems.join("\n"));
  });

  it("checks artifacts and ties an onnx detector spec to its runtime", () => {
    const artifact = { name: "w", sha256: "ab".repeat(32), sizeBytes: 10 };
    assert.deepEqual(findModelSpecProblems(model({ artifacts: [artifact] })), []);
    const problems = findModelSpecProblems(
      model({ artifacts: [artifact, artifact, { name: "x", sha256: "AB".repeat(32), sizeBytes: 1.5 }] }),
    );
    assert.deepEqual(problems, [
      'artifacts: duplicate name "w"',
      "artifacts.x: sha256 must be 64 lowercase hex digits",
      "artifacts.x: sizeBytes must be a non-negative integer",
    ]);
    const detectorProblems = findModelSpecProblems(model({ runtime: "onnx-detector" }));
    assert.deepEqual(detectorProblems, [
      "runtime onnx-detector needs an onnxDetector spec",
      'runtime onnx-detector needs an artifact named "model"',
    ]);
  });

  it("throws one error listing every problem", () => {
    assert.throws(
      () => assertValidModelSpec(model({ defaultThreshold: 2, labels: [] })),
      (err: unknown) => err instanceof InvalidModelSpecError && err.code === "BAD_USER_INPUT" && err.problems.length === 2,
    );
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AppError, ErrorCode } from "@prelabel/service-kit";
import { isValidNumber, parseNumberRange, validateLabelSchema, validateTaskName } from "./label-schema.js";
import { AttributeInputType as A, ShapeType as S, type LabelDraft } from "./label-types.js";

function problemsOf(labels: LabelDraft[]): { path: string; message: string }[] {
  try {
    validateLabelSchema(labels);
  } catch (err) {
    assert.ok(err instanceof AppError);
    assert.equal(err.code, ErrorCode.InvalidLabelSchema);
    return (err.details as { problems: { path: string; message: string }[] }).problems;
  }
  assert.fail("expected INVALID_LABEL_SCHEMA");
}

const attr = (inputType: A, values: string[], defaultValue: string | null = null, name = "a") => ({ name, inputType, values, defaultValue });

describe("validateLabelSchema", () => {
  it("accepts a schema with attributes and a skeleton, trimming names and filling lists", () => {
    const labels = validateLabelSchema([
      { name: "  car ", type: S.RECTANGLE, attributes: [attr(A.SELECT, ["red", "blue"], "red", "color"), attr(A.NUMBER, ["0", "10", "0.5"], "2.5", "speed")] },
      { name: "person", type: S.SKELETON, sublabels: [{ name: "head", type: S.POINTS }, { name: "Head2", type: S.POINTS }] },
      { name: "thing", type: S.ANY },
    ]);
    assert.equal(labels[0].name, "car");
    assert.deepEqual(labels[0].sublabels, []);
    assert.deepEqual(labels[1].sublabels.map((s) => s.name), ["head", "Head2"]);
    assert.deepEqual(labels[2].attributes, []);
  });

  it("accepts an empty schema", () => {
    assert.deepEqual(validateLabelSchema([]), []);
  });

  it("rejects empty and case-insensitively duplicated names per level", () => {
    const problems = problemsOf([
      { name: "Car", type: S.RECTANGLE },
      { name: "car", type: S.POLYGON },
      { name: "   ", type: S.TAG },
    ]);
    assert.deepEqual(problems.map((p) => p.path), ["labels[1].name", "labels[2].name"]);
  });

  it("allows the same name on different levels but not twice among sublabels", () => {
    validateLabelSchema([{ name: "hand", type: S.SKELETON, sublabels: [{ name: "hand", type: S.POINTS }] }]);
    const problems = problemsOf([{ name: "s", type: S.SKELETON, sublabels: [{ name: "tip", type: S.POINTS }, { name: "TIP", type: S.POINTS }] }]);
    assert.deepEqual(problems.map((p) => p.path), ["labels[0].sublabels[1].name"]);
  });

  it("requires skeletons to have POINTS sublabels, and only skeletons to have sublabels", () => {
    assert.deepEqual(problemsOf([{ name: "s", type: S.SKELETON }]).map((p) => p.path), ["labels[0].sublabels"]);
    assert.deepEqual(problemsOf([{ name: "s", type: S.SKELETON, sublabels: [{ name: "x", type: S.RECTANGLE }] }]).map((p) => p.path), [
      "labels[0].sublabels[0].type",
    ]);
    assert.deepEqual(problemsOf([{ name: "r", type: S.RECTANGLE, sublabels: [{ name: "x", type: S.POINTS }] }]).map((p) => p.path), ["labels[0].sublabels"]);
  });

  it("checks attributes per input type", () => {
    const cases: [ReturnType<typeof attr>, string][] = [
      [attr(A.SELECT, []), "values"],
      [attr(A.RADIO, []), "values"],
      [attr(A.SELECT, ["a", "a"]), "values"],
      [attr(A.SELECT, ["a", "b"], "c"), "defaultValue"],
      [attr(A.NUMBER, ["0", "10"]), "values"],
      [attr(A.NUMBER, ["0", "x", "1"]), "values"],
      [attr(A.NUMBER, ["10", "0", "1"]), "values"],
      [attr(A.NUMBER, ["0", "10", "0"]), "values"],
      [attr(A.NUMBER, ["0", "10", "2"], "3"), "defaultValue"],
      [attr(A.NUMBER, ["0", "10", "2"], "12"), "defaultValue"],
      [attr(A.CHECKBOX, ["maybe"]), "values"],
      [attr(A.CHECKBOX, ["false"], "yes"), "defaultValue"],
    ];
    for (const [a, field] of cases) {
      const problems = problemsOf([{ name: "l", type: S.RECTANGLE, attributes: [a] }]);
      assert.deepEqual(problems.map((p) => p.path), [`labels[0].attributes[0].${field}`], JSON.stringify(a));
    }
    validateLabelSchema([
      {
        name: "l",
        type: S.RECTANGLE,
        attributes: [attr(A.CHECKBOX, ["false"], "true", "c"), attr(A.TEXT, [], "anything", "t"), attr(A.NUMBER, ["-1", "1", "0.1"], "0.3", "n")],
      },
    ]);
  });

  it("rejects duplicate attribute names within a label and reports every problem", () => {
    const problems = problemsOf([
      { name: "l", type: S.RECTANGLE, attributes: [attr(A.TEXT, [], null, "Color"), attr(A.TEXT, [], null, "color")] },
      { name: "", type: S.SKELETON },
    ]);
    assert.deepEqual(problems.map((p) => p.path), ["labels[0].attributes[1].name", "labels[1].name", "labels[1].sublabels"]);
  });
});

describe("validateTaskName", () => {
  it("trims and rejects empty names", () => {
    assert.equal(validateTaskName("  street  "), "street");
    assert.throws(() => validateTaskName("  "), (e: unknown) => e instanceof AppError && e.code === ErrorCode.BadUserInput);
  });
});

describe("NUMBER ranges", () => {
  it("parses [min, max, step] and checks values on the step grid", () => {
    const r = parseNumberRange(["0", "1", "0.1"]);
    assert.deepEqual(r, { min: 0, max: 1, step: 0.1 });
    assert.ok(isValidNumber("0.3", r!));
    assert.ok(!isValidNumber("0.35", r!));
    assert.ok(!isValidNumber("", r!));
    assert.equal(parseNumberRange(["", "1", "1"]), null);
  });
});

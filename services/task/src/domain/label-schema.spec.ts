import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AppError, ErrorCode } from "@prelabel/service-kit";
import { TaskErrorCode } from "./task-error-codes.js";
import {
  DEFAULT_LABEL_SCHEMA_LIMITS,
  isValidNumber,
  MAX_VALUE_LENGTH,
  parseNumberRange,
  validateLabelSchema,
  validateTaskName,
  type LabelSchemaLimits,
} from "./label-schema.js";
import { AttributeInputType as A, ShapeType as S, type LabelDraft } from "./label-types.js";

function problemsOf(labels: LabelDraft[], limits?: LabelSchemaLimits): { path: string; message: string }[] {
  try {
    validateLabelSchema(labels, limits);
  } catch (err) {
    assert.ok(err instanceof AppError);
    assert.equal(err.code, TaskErrorCode.InvalidLabelSchema);
    return (err.details as { problems: { path: string; message: string }[] }).problems;
  }
  assert.fail("expected INVALID_LABEL_SCHEMA");
}

const attr = (inputType: A, values: string[], defaultValue: string | null = null, name = "a") => ({
  name,
  inputType,
  values,
  defaultValue,
});

describe("validateLabelSchema", () => {
  it("accepts a schema with attributes and a skeleton, trimming names and filling lists", () => {
    const labels = validateLabelSchema([
      {
        name: "  car ",
        type: S.RECTANGLE,
        attributes: [attr(A.SELECT, ["red", "blue"], "red", "color"), attr(A.NUMBER, ["0", "10", "0.5"], "2.5", "speed")],
      },
      {
        name: "person",
        type: S.SKELETON,
        sublabels: [
          { name: "head", type: S.POINTS },
          { name: "Head2", type: S.POINTS },
        ],
      },
      { name: "thing", type: S.ANY },
    ]);
    assert.equal(labels[0].name, "car");
    assert.deepEqual(labels[0].sublabels, []);
    assert.deepEqual(
      labels[1].sublabels.map((s) => s.name),
      ["head", "Head2"],
    );
    assert.deepEqual(labels[2].attributes, []);
  });

  it("refuses an empty schema: no run could map a model's labels to it", () => {
    assert.deepEqual(problemsOf([]), [{ path: "labels", message: "a task needs at least one label" }]);
  });

  const small: LabelSchemaLimits = { maxLabels: 4, maxAttributes: 2, maxValues: 3, maxBytes: 10_000 };
  const rect = (name: string, attributes: ReturnType<typeof attr>[] = []): LabelDraft => ({ name, type: S.RECTANGLE, attributes });

  it("accepts a schema exactly at every size limit", () => {
    const labels = validateLabelSchema(
      [
        rect("a", [attr(A.SELECT, ["x", "y", "z"], null, "p"), attr(A.TEXT, [], null, "q")]),
        rect("b"),
        { name: "s", type: S.SKELETON, sublabels: [{ name: "p", type: S.POINTS }] },
      ],
      small,
    );
    assert.equal(labels.length, 3);
  });

  it("counts skeleton sublabels among the task's labels", () => {
    const problems = problemsOf(
      [
        rect("a"),
        rect("b"),
        {
          name: "s",
          type: S.SKELETON,
          sublabels: [
            { name: "p", type: S.POINTS },
            { name: "q", type: S.POINTS },
          ],
        },
      ],
      small,
    );
    assert.deepEqual(problems, [{ path: "labels", message: "5 labels (skeleton sublabels included), more than the 4 a task may have" }]);
  });

  it("refuses too many attributes on a label and too many values on an attribute, naming where", () => {
    const problems = problemsOf(
      [
        rect("a", [attr(A.TEXT, [], null, "p"), attr(A.TEXT, [], null, "q"), attr(A.TEXT, [], null, "r")]),
        rect("b", [attr(A.SELECT, ["1", "2", "3", "4"])]),
      ],
      small,
    );
    assert.deepEqual(
      problems.map((p) => p.path),
      ["labels[0].attributes", "labels[1].attributes[0].values"],
    );
    assert.match(problems[0].message, /3 attributes, more than the 2/);
    assert.match(problems[1].message, /4 values, more than the 3/);
  });

  it("refuses a schema over the byte budget, and over-long values", () => {
    const problems = problemsOf([rect("a".repeat(200)), rect("b".repeat(200))], { ...small, maxBytes: 300 });
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /bytes as JSON, more than the 300/);
    const long = problemsOf([rect("a", [attr(A.TEXT, [], "x".repeat(MAX_VALUE_LENGTH + 1))])]);
    assert.deepEqual(
      long.map((p) => p.path),
      ["labels[0].attributes[0].values"],
    );
  });

  it("lists a bounded number of size problems, however many there are", () => {
    const labels = Array.from({ length: 100 }, (_, i) => rect(`l${i}`, [attr(A.SELECT, ["1", "2", "3", "4"])]));
    const problems = problemsOf(labels, { ...small, maxLabels: 1_000 });
    assert.equal(problems.length, 20);
  });

  it("defaults to documented limits a 20,000-label schema is over", () => {
    assert.deepEqual(DEFAULT_LABEL_SCHEMA_LIMITS, { maxLabels: 5_000, maxAttributes: 64, maxValues: 1_000, maxBytes: 512 * 1024 });
    const problems = problemsOf(Array.from({ length: 20_000 }, (_, i) => rect(`l${i}`)));
    assert.deepEqual(
      problems.map((p) => p.path),
      ["labels"],
    );
  });

  it("rejects empty and case-insensitively duplicated names per level", () => {
    const problems = problemsOf([
      { name: "Car", type: S.RECTANGLE },
      { name: "car", type: S.POLYGON },
      { name: "   ", type: S.TAG },
    ]);
    assert.deepEqual(
      problems.map((p) => p.path),
      ["labels[1].name", "labels[2].name"],
    );
  });

  it("allows the same name on different levels but not twice among sublabels", () => {
    validateLabelSchema([{ name: "hand", type: S.SKELETON, sublabels: [{ name: "hand", type: S.POINTS }] }]);
    const problems = problemsOf([
      {
        name: "s",
        type: S.SKELETON,
        sublabels: [
          { name: "tip", type: S.POINTS },
          { name: "TIP", type: S.POINTS },
        ],
      },
    ]);
    assert.deepEqual(
      problems.map((p) => p.path),
      ["labels[0].sublabels[1].name"],
    );
  });

  it("requires skeletons to have POINTS sublabels, and only skeletons to have sublabels", () => {
    assert.deepEqual(
      problemsOf([{ name: "s", type: S.SKELETON }]).map((p) => p.path),
      ["labels[0].sublabels"],
    );
    assert.deepEqual(
      problemsOf([{ name: "s", type: S.SKELETON, sublabels: [{ name: "x", type: S.RECTANGLE }] }]).map((p) => p.path),
      ["labels[0].sublabels[0].type"],
    );
    assert.deepEqual(
      problemsOf([{ name: "r", type: S.RECTANGLE, sublabels: [{ name: "x", type: S.POINTS }] }]).map((p) => p.path),
      ["labels[0].sublabels"],
    );
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
      assert.deepEqual(
        problems.map((p) => p.path),
        [`labels[0].attributes[0].${field}`],
        JSON.stringify(a),
      );
    }
    validateLabelSchema([
      {
        name: "l",
        type: S.RECTANGLE,
        attributes: [
          attr(A.CHECKBOX, ["false"], "true", "c"),
          attr(A.TEXT, [], "anything", "t"),
          attr(A.NUMBER, ["-1", "1", "0.1"], "0.3", "n"),
        ],
      },
    ]);
  });

  it("rejects duplicate attribute names within a label and reports every problem", () => {
    const problems = problemsOf([
      { name: "l", type: S.RECTANGLE, attributes: [attr(A.TEXT, [], null, "Color"), attr(A.TEXT, [], null, "color")] },
      { name: "", type: S.SKELETON },
    ]);
    assert.deepEqual(
      problems.map((p) => p.path),
      ["labels[0].attributes[1].name", "labels[1].name", "labels[1].sublabels"],
    );
  });
});

describe("validateTaskName", () => {
  it("trims and rejects empty names", () => {
    assert.equal(validateTaskName("  street  "), "street");
    assert.throws(
      () => validateTaskName("  "),
      (e: unknown) => e instanceof AppError && e.code === ErrorCode.BadUserInput,
    );
  });
});

describe("NUMBER ranges", () => {
  it("parses [min, max, step] and checks values on the step grid", () => {
    const r = parseNumberRange(["0", "1", "0.1"]);
    assert.deepEqual(r, { min: 0, max: 1, step: 0.1 });
    assert.ok(isValidNumber("0.3", r));
    assert.ok(!isValidNumber("0.35", r));
    assert.ok(!isValidNumber("", r));
    assert.equal(parseNumberRange(["", "1", "1"]), null);
  });
});

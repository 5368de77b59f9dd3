import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  describeNoSuggestion,
  mappableModelLabels,
  MappingProblemCode,
  resolveMapping,
  shapesCompatible,
  suggestMapping,
} from "./label-mapping.js";
import { namesMatch, normaliseName } from "@prelabel/label-names";
import type { AttributeSpec, ModelLabel, ShapeKind, TaskLabel } from "./labels.js";

const attr = (name: string, inputType: AttributeSpec["inputType"] = "SELECT", values: string[] = ["a", "b"]): AttributeSpec => ({
  name,
  inputType,
  values,
});
const ml = (name: string, type: ShapeKind = "RECTANGLE", extra: Partial<ModelLabel> = {}): ModelLabel => ({
  name,
  type,
  attributes: [],
  sublabels: [],
  ...extra,
});
let nextId = 1;
const tl = (name: string, type: ShapeKind = "RECTANGLE", extra: Partial<TaskLabel> = {}): TaskLabel => ({
  id: `t${nextId++}`,
  name,
  type,
  attributes: [],
  sublabels: [],
  ...extra,
});
const pairs = (m: { modelLabel: string; taskLabel: string }[]) => m.map((x) => `${x.modelLabel}->${x.taskLabel}`);

describe("names", () => {
  it("normalises case, spaces, underscores and dashes", () => {
    assert.equal(normaliseName("Text Line"), "textline");
    assert.equal(normaliseName("text_line"), "textline");
    assert.equal(normaliseName(" TEXT-LINE "), "textline");
  });
  it("matches synonyms both ways and broader terms one way", () => {
    assert.ok(namesMatch("person", "Human", "synonym"));
    assert.ok(namesMatch("human", "person", "synonym"));
    assert.ok(namesMatch("car", "vehicle", "broader"));
    assert.ok(!namesMatch("vehicle", "car", "broader"));
    assert.ok(!namesMatch("car", "truck", "synonym"));
    assert.ok(!namesMatch("face", "head", "synonym"));
  });
});

describe("shape compatibility", () => {
  const all: ShapeKind[] = ["RECTANGLE", "POLYGON", "POLYLINE", "POINTS", "MASK", "SKELETON", "TAG", "ANY"];
  it("accepts equal types", () => {
    for (const t of all) assert.ok(shapesCompatible(t, t), t);
  });
  it("accepts MASK and POLYGON both ways", () => {
    assert.ok(shapesCompatible("MASK", "POLYGON"));
    assert.ok(shapesCompatible("POLYGON", "MASK"));
  });
  it("lets a task ANY label accept everything but SKELETON", () => {
    for (const t of all.filter((x) => x !== "SKELETON")) assert.ok(shapesCompatible(t, "ANY"), t);
    assert.ok(!shapesCompatible("SKELETON", "ANY"));
  });
  it("maps SKELETON only onto SKELETON", () => {
    for (const t of all.filter((x) => x !== "SKELETON")) {
      assert.ok(!shapesCompatible("SKELETON", t), `SKELETON->${t}`);
      assert.ok(!shapesCompatible(t, "SKELETON"), `${t}->SKELETON`);
    }
  });
  it("rejects other differing types", () => {
    assert.ok(!shapesCompatible("RECTANGLE", "POLYGON"));
    assert.ok(!shapesCompatible("MASK", "RECTANGLE"));
    assert.ok(!shapesCompatible("TAG", "RECTANGLE"));
    assert.ok(!shapesCompatible("POINTS", "POLYLINE"));
  });
});

describe("suggestMapping", () => {
  it("prefers an exact name over a normalised one", () => {
    const task = [tl("CAR"), tl("car")];
    assert.deepEqual(pairs(suggestMapping([ml("car")], task)), ["car->car"]);
  });
  it("matches ignoring case and spacing", () => {
    const task = [tl("Text Line"), tl("traffic_light")];
    assert.deepEqual(pairs(suggestMapping([ml("text-line"), ml("Traffic Light")], task)), [
      "text-line->Text Line",
      "Traffic Light->traffic_light",
    ]);
  });
  it("falls back to synonyms, then to broader terms", () => {
    const task = [tl("human"), tl("word"), tl("vehicle")];
    assert.deepEqual(pairs(suggestMapping([ml("person"), ml("text"), ml("car")], task)), ["person->human", "text->word", "car->vehicle"]);
    // a synonym beats a broader term
    assert.deepEqual(pairs(suggestMapping([ml("car")], [tl("vehicle"), tl("automobile")])), ["car->automobile"]);
  });
  it("maps several model labels onto one task label", () => {
    const task = [tl("vehicle"), tl("person")];
    const model = [ml("car"), ml("truck"), ml("bus"), ml("pedestrian"), ml("person")];
    assert.deepEqual(pairs(suggestMapping(model, task)), [
      "car->vehicle",
      "truck->vehicle",
      "bus->vehicle",
      "pedestrian->person",
      "person->person",
    ]);
  });
  it("skips task labels of an incompatible type", () => {
    const task = [tl("car", "TAG"), tl("vehicle", "RECTANGLE")];
    assert.deepEqual(pairs(suggestMapping([ml("car", "RECTANGLE")], task)), ["car->vehicle"]);
    assert.deepEqual(suggestMapping([ml("car", "RECTANGLE")], [tl("car", "POLYGON")]), []);
    assert.deepEqual(pairs(suggestMapping([ml("car", "MASK")], [tl("car", "POLYGON")])), ["car->car"]);
  });
  it("maps attributes by normalised name and carries the task spec", () => {
    const taskAttr = attr("Is Parked", "CHECKBOX", ["false"]);
    const [m] = suggestMapping(
      [ml("car", "RECTANGLE", { attributes: [attr("is_parked"), attr("colour")] })],
      [tl("car", "RECTANGLE", { attributes: [taskAttr, attr("make")] })],
    );
    assert.deepEqual(m.attributes, [{ modelAttribute: "is_parked", taskAttribute: "Is Parked", taskAttributeSpec: taskAttr }]);
  });
  it("maps skeletons with their sublabels by name, and needs at least one", () => {
    const model = [ml("hand", "SKELETON", { sublabels: [ml("thumb", "POINTS"), ml("index", "POINTS"), ml("wrist", "POINTS")] })];
    const task = [tl("Hand", "SKELETON", { sublabels: [tl("Thumb", "POINTS"), tl("wrist", "POINTS")] })];
    const [m] = suggestMapping(model, task);
    assert.equal(m.taskLabel, "Hand");
    assert.deepEqual(pairs(m.sublabels), ["thumb->Thumb", "wrist->wrist"]);
    assert.deepEqual(suggestMapping(model, [tl("hand", "SKELETON", { sublabels: [tl("knee", "POINTS")] })]), []);
  });
  it("is empty when nothing matches, and the message lists both label sets", () => {
    const model = [ml("cat"), ml("dog")];
    const task = [tl("tree", "POLYGON")];
    assert.deepEqual(suggestMapping(model, task), []);
    const msg = describeNoSuggestion(model, task);
    assert.match(msg, /cat \(RECTANGLE\), dog \(RECTANGLE\)/);
    assert.match(msg, /tree \(POLYGON\)/);
  });
});

describe("resolveMapping", () => {
  const model = [
    ml("car", "MASK", { attributes: [attr("colour"), attr("parked", "CHECKBOX")] }),
    ml("person", "RECTANGLE"),
    ml("pose", "SKELETON", { sublabels: [ml("head", "POINTS"), ml("foot", "POINTS")] }),
    ml("scene", "TAG"),
  ];
  const vehicle = tl("vehicle", "POLYGON", { attributes: [attr("color"), attr("parked", "CHECKBOX")] });
  const pedestrian = tl("pedestrian", "RECTANGLE");
  const body = tl("body", "SKELETON", { sublabels: [tl("head", "POINTS"), tl("foot", "POINTS")] });
  const anything = tl("anything", "ANY");
  const task = [vehicle, pedestrian, body, anything];

  it("resolves task labels by id or name and attributes with their spec", () => {
    const r = resolveMapping(
      [
        { modelLabel: "car", taskLabel: vehicle.id, attributes: [{ modelAttribute: "colour", taskAttribute: "color" }] },
        { modelLabel: "person", taskLabel: "Pedestrian" },
      ],
      model,
      task,
    );
    assert.ok(r.ok);
    assert.deepEqual(
      r.mapping.map((m) => [m.modelLabel, m.taskLabelId, m.taskLabel, m.taskLabelType]),
      [
        ["car", vehicle.id, "vehicle", "POLYGON"],
        ["person", pedestrian.id, "pedestrian", "RECTANGLE"],
      ],
    );
    assert.deepEqual(r.mapping[0].attributes, [
      { modelAttribute: "colour", taskAttribute: "color", taskAttributeSpec: vehicle.attributes[0] },
    ]);
  });

  it("suggests attributes and sublabels when omitted", () => {
    const r = resolveMapping(
      [
        { modelLabel: "car", taskLabel: "vehicle" },
        { modelLabel: "pose", taskLabel: "body" },
      ],
      model,
      task,
    );
    assert.ok(r.ok);
    assert.deepEqual(
      r.mapping[0].attributes.map((a) => a.taskAttribute),
      ["parked"],
    );
    assert.deepEqual(pairs(r.mapping[1].sublabels), ["head->head", "foot->foot"]);
  });

  it("allows many model labels onto one task label", () => {
    const r = resolveMapping(
      [
        { modelLabel: "car", taskLabel: "anything" },
        { modelLabel: "person", taskLabel: "anything" },
        { modelLabel: "scene", taskLabel: "anything" },
      ],
      model,
      task,
    );
    assert.ok(r.ok);
    assert.equal(r.mapping.length, 3);
  });

  const problemsOf = (requests: Parameters<typeof resolveMapping>[0]) => {
    const r = resolveMapping(requests, model, task);
    assert.ok(!r.ok, "expected the mapping to be rejected");
    return r.problems;
  };

  it("rejects an empty mapping", () => {
    assert.equal(problemsOf([])[0].code, MappingProblemCode.EmptyMapping);
  });
  it("rejects unknown model and task labels, naming each entry", () => {
    const problems = problemsOf([
      { modelLabel: "cow", taskLabel: "vehicle" },
      { modelLabel: "car", taskLabel: "spaceship" },
    ]);
    assert.deepEqual(
      problems.map((p) => [p.path, p.code, p.modelLabel, p.taskLabel]),
      [
        ["mapping[0]", "UNKNOWN_MODEL_LABEL", "cow", "vehicle"],
        ["mapping[1]", "UNKNOWN_TASK_LABEL", "car", "spaceship"],
      ],
    );
    assert.match(problems[1].message, /vehicle, pedestrian, body, anything/);
  });
  it("rejects every incompatible type", () => {
    const cases: [string, string][] = [
      ["person", "vehicle"], // RECTANGLE -> POLYGON
      ["car", "pedestrian"], // MASK -> RECTANGLE
      ["pose", "anything"], // SKELETON -> ANY
      ["pose", "vehicle"], // SKELETON -> POLYGON
      ["person", "body"], // RECTANGLE -> SKELETON
      ["scene", "pedestrian"], // TAG -> RECTANGLE
    ];
    for (const [m, t] of cases) {
      const problems = problemsOf([{ modelLabel: m, taskLabel: t }]);
      assert.deepEqual(
        problems.map((p) => p.code),
        ["INCOMPATIBLE_TYPE"],
        `${m}->${t}`,
      );
    }
  });
  it("rejects a model label mapped twice", () => {
    assert.deepEqual(
      problemsOf([
        { modelLabel: "person", taskLabel: "pedestrian" },
        { modelLabel: "person", taskLabel: "anything" },
      ]).map((p) => p.code),
      ["DUPLICATE_MODEL_LABEL"],
    );
  });
  it("rejects unknown and duplicate attributes", () => {
    const problems = problemsOf([
      {
        modelLabel: "car",
        taskLabel: "vehicle",
        attributes: [
          { modelAttribute: "speed", taskAttribute: "color" },
          { modelAttribute: "colour", taskAttribute: "shade" },
          { modelAttribute: "colour", taskAttribute: "color" },
          { modelAttribute: "parked", taskAttribute: "color" },
        ],
      },
    ]);
    assert.deepEqual(
      problems.map((p) => [p.path, p.code]),
      [
        ["mapping[0].attributes[0]", "UNKNOWN_MODEL_ATTRIBUTE"],
        ["mapping[0].attributes[1]", "UNKNOWN_TASK_ATTRIBUTE"],
        ["mapping[0].attributes[3]", "DUPLICATE_TASK_ATTRIBUTE"],
      ],
    );
  });
  it("rejects sublabels on a non-skeleton and a skeleton without sublabels", () => {
    assert.deepEqual(
      problemsOf([{ modelLabel: "person", taskLabel: "pedestrian", sublabels: [{ modelLabel: "head", taskLabel: "head" }] }]).map(
        (p) => p.code,
      ),
      ["SUBLABELS_ON_NON_SKELETON"],
    );
    assert.deepEqual(
      problemsOf([{ modelLabel: "pose", taskLabel: "body", sublabels: [] }]).map((p) => p.code),
      ["SKELETON_WITHOUT_SUBLABELS"],
    );
    assert.deepEqual(
      problemsOf([{ modelLabel: "pose", taskLabel: "body", sublabels: [{ modelLabel: "tail", taskLabel: "head" }] }]).map((p) => [
        p.path,
        p.code,
      ]),
      [["mapping[0].sublabels[0]", "UNKNOWN_MODEL_LABEL"]],
    );
  });
});

describe("mappableModelLabels (zero-shot detectors)", () => {
  const task = (name: string, type: ShapeKind, id = name): TaskLabel => ({ id, name, type, attributes: [], sublabels: [] });
  const taskLabels = [task("cat", "RECTANGLE"), task("dog", "ANY"), task("road", "MASK"), task("scene", "TAG")];

  it("keeps a model's own labels", () => {
    const own: ModelLabel[] = [{ name: "person", type: "RECTANGLE", attributes: [], sublabels: [] }];
    assert.equal(mappableModelLabels(own, taskLabels), own);
  });

  it("a model without labels offers every task label a box fits, so the default mapping maps them by name", () => {
    const labels = mappableModelLabels([], taskLabels);
    assert.deepEqual(
      labels.map((l) => [l.name, l.type]),
      [
        ["cat", "RECTANGLE"],
        ["dog", "RECTANGLE"],
      ],
    );
    assert.deepEqual(
      suggestMapping(labels, taskLabels).map((m) => [m.modelLabel, m.taskLabel]),
      [
        ["cat", "cat"],
        ["dog", "dog"],
      ],
    );
    const explicit = resolveMapping([{ modelLabel: "cat", taskLabel: "cat" }], labels, taskLabels);
    assert.ok(explicit.ok);
    assert.equal(resolveMapping([{ modelLabel: "road", taskLabel: "road" }], labels, taskLabels).ok, false);
  });
});

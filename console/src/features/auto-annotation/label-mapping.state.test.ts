import type { ModelLabel } from "./auto-annotation.api.js";
import { FACE_MODEL, POSE_MODEL, SUGGESTIONS, TASK_LABELS, TEXT_MODEL } from "./auto-annotation.testing.js";
import {
  compatibleTaskLabels,
  defaultRow,
  labelsCompatible,
  mappingProblems,
  prefillFromSuggestion,
  toMappingInput,
  withAttribute,
  withSublabel,
} from "./label-mapping.state.js";

const taskLabel = (id: string) => TASK_LABELS.find((t) => t.id === id)!;

describe("labelsCompatible (CVAT's rules)", () => {
  it.each([
    ["RECTANGLE", "RECTANGLE", true],
    ["RECTANGLE", "POLYGON", false],
    ["MASK", "POLYGON", true],
    ["POLYGON", "MASK", true],
    ["MASK", "RECTANGLE", false],
    ["RECTANGLE", "ANY", true],
    ["SKELETON", "ANY", false],
    ["ANY", "POINTS", true],
    ["ANY", "SKELETON", false],
    ["SKELETON", "SKELETON", true],
    ["TAG", "RECTANGLE", false],
  ] as const)("model %s → task %s: %s", (model, task, expected) => {
    expect(labelsCompatible(model, task)).toBe(expected);
  });

  it("offers only the compatible task labels", () => {
    expect(compatibleTaskLabels(TEXT_MODEL.labels[0], TASK_LABELS).map((t) => t.name)).toEqual(["text"]);
    expect(compatibleTaskLabels(FACE_MODEL.labels[0], TASK_LABELS).map((t) => t.name)).toEqual(["face", "car"]);
  });
});

describe("prefillFromSuggestion", () => {
  it("takes the suggested targets and attributes, and ignores the labels it does not name", () => {
    const rows = prefillFromSuggestion(FACE_MODEL.labels, TASK_LABELS, SUGGESTIONS["m-face"]);
    expect(rows).toEqual([
      { modelLabel: "face", taskLabelId: "t-face", attributes: { age: "age", gender: "gender", emotion: null }, sublabels: {} },
      { modelLabel: "head", taskLabelId: null, attributes: {}, sublabels: {} },
    ]);
  });

  it("does not trust a suggested target the task lacks or whose type does not fit", () => {
    const rows = prefillFromSuggestion(FACE_MODEL.labels, TASK_LABELS, [
      { modelLabel: "face", taskLabelId: "t-text", taskLabel: "text", attributes: [], sublabels: [] },
      { modelLabel: "head", taskLabelId: "t-gone", taskLabel: "gone", attributes: [], sublabels: [] },
    ]);
    expect(rows.map((r) => r.taskLabelId)).toEqual([null, null]);
  });

  it("maps skeleton points from the suggestion's sublabels", () => {
    const [person] = prefillFromSuggestion(POSE_MODEL.labels, TASK_LABELS, SUGGESTIONS["m-pose"]);
    expect(person.sublabels).toEqual({ nose: "t-nose", left_eye: "t-left-eye", right_eye: "t-right-eye" });
  });
});

describe("defaultRow", () => {
  it("matches attributes and points by name, ignoring case and spacing", () => {
    const model: ModelLabel = {
      name: "human",
      type: "SKELETON",
      attributes: [],
      sublabels: [
        { name: "Nose", type: "POINTS", attributes: [] },
        { name: "left_eye", type: "POINTS", attributes: [] },
        { name: "tail", type: "POINTS", attributes: [] },
      ],
    };
    expect(defaultRow(model, taskLabel("t-person")).sublabels).toEqual({ Nose: "t-nose", left_eye: "t-left-eye", tail: null });
    expect(defaultRow(FACE_MODEL.labels[0], taskLabel("t-face")).attributes).toEqual({ age: "age", gender: "gender", emotion: null });
    expect(defaultRow(FACE_MODEL.labels[0], null)).toEqual({
      modelLabel: "face",
      taskLabelId: null,
      attributes: { age: null, gender: null, emotion: null },
      sublabels: {},
    });
  });
});

describe("mappingProblems", () => {
  it("asks for at least one mapped label", () => {
    const rows = FACE_MODEL.labels.map((l) => defaultRow(l, null));
    expect(mappingProblems(rows, TASK_LABELS)).toEqual([{ modelLabel: null, message: "Map at least one model label to a task label." }]);
  });

  it("allows many model labels onto one task label", () => {
    const rows = FACE_MODEL.labels.map((l) => defaultRow(l, taskLabel("t-face")));
    expect(mappingProblems(rows, TASK_LABELS)).toEqual([]);
  });

  it("refuses two attributes onto one task attribute", () => {
    const row = withAttribute(defaultRow(FACE_MODEL.labels[0], taskLabel("t-face")), "emotion", "gender");
    expect(mappingProblems([row], TASK_LABELS)).toEqual([
      { modelLabel: "face", message: 'Task attribute "gender" of "face" would receive "gender" and "emotion": attributes map one to one.' },
    ]);
  });

  it("refuses two points onto one task point, and a skeleton with no point", () => {
    const row = defaultRow(POSE_MODEL.labels[0], taskLabel("t-person"));
    const twice = withSublabel(row, "right_eye", "t-left-eye");
    expect(mappingProblems([twice], TASK_LABELS).map((p) => p.message)).toEqual([
      'Skeleton point "left eye" of "person" would receive "left_eye" and "right_eye": points map one to one.',
    ]);
    const none = ["nose", "left_eye", "right_eye"].reduce((r, s) => withSublabel(r, s, null), row);
    expect(mappingProblems([none], TASK_LABELS).map((p) => p.message)).toEqual([
      'Map at least one point of skeleton "person": a skeleton without points is discarded.',
    ]);
  });
});

describe("toMappingInput", () => {
  it("sends mapped rows by task label id, every attribute pair, and points for skeletons only", () => {
    const rows = [
      withAttribute(defaultRow(FACE_MODEL.labels[0], taskLabel("t-face")), "emotion", "mood"),
      defaultRow(FACE_MODEL.labels[1], null),
      withSublabel(defaultRow(POSE_MODEL.labels[0], taskLabel("t-person")), "right_eye", null),
    ];
    expect(toMappingInput(rows)).toEqual([
      {
        modelLabel: "face",
        taskLabel: "t-face",
        attributes: [
          { modelAttribute: "age", taskAttribute: "age" },
          { modelAttribute: "gender", taskAttribute: "gender" },
          { modelAttribute: "emotion", taskAttribute: "mood" },
        ],
      },
      {
        modelLabel: "person",
        taskLabel: "t-person",
        attributes: [],
        sublabels: [
          { modelLabel: "nose", taskLabel: "t-nose" },
          { modelLabel: "left_eye", taskLabel: "t-left-eye" },
        ],
      },
    ]);
  });
});

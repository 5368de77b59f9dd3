import {
  emptyAttribute,
  emptyLabel,
  fieldKeyOfServerPath,
  toCreateTaskInput,
  validateTaskDraft,
  type TaskDraft,
} from "./task-draft.state.js";

const label = (name: string, extra: Partial<ReturnType<typeof emptyLabel>> = {}) => ({ ...emptyLabel(), name, ...extra });
const attribute = (extra: Partial<ReturnType<typeof emptyAttribute>>) => ({ ...emptyAttribute(), name: "a", ...extra });
const problems = (draft: TaskDraft) => Object.fromEntries(validateTaskDraft(draft));

describe("validateTaskDraft", () => {
  it("accepts a complete schema", () => {
    const draft: TaskDraft = {
      name: "Faces",
      labels: [
        label("face", { attributes: [attribute({ name: "age", inputType: "NUMBER", values: "0, 100, 1", defaultValue: "30" })] }),
        label("body", { type: "SKELETON", sublabels: [label("nose", { type: "POINTS" })] }),
      ],
    };
    expect(problems(draft)).toEqual({});
  });

  it("names empty and duplicate names (ignoring case) at each level", () => {
    const draft: TaskDraft = {
      name: "  ",
      labels: [
        label("Car", { attributes: [attribute({ name: "x", inputType: "TEXT" }), attribute({ name: "X", inputType: "TEXT" })] }),
        label("car"),
        label(""),
        label("body", { type: "SKELETON", sublabels: [label("nose"), label("NOSE")] }),
      ],
    };
    expect(problems(draft)).toEqual({
      name: "Give the task a name.",
      "labels.1.name": "Another label (number 1) already has this name; names are compared ignoring case.",
      "labels.2.name": "Give the label a name.",
      "labels.0.attributes.1.name": "Another attribute (number 1) already has this name; names are compared ignoring case.",
      "labels.3.sublabels.1.name": "Another point (number 1) already has this name; names are compared ignoring case.",
    });
  });

  it("needs a label, and a point on each skeleton", () => {
    expect(problems({ name: "t", labels: [] })).toEqual({ labels: "Add at least one label: a model's labels need task labels to map to." });
    expect(problems({ name: "t", labels: [label("body", { type: "SKELETON" })] })).toEqual({
      "labels.0.sublabels": "A skeleton needs at least one point.",
    });
  });

  it.each([
    [{ inputType: "NUMBER", values: "0,100" }, "values", /min,max,step/],
    [{ inputType: "NUMBER", values: "0,x,1" }, "values", /min,max,step/],
    [{ inputType: "NUMBER", values: "10,0,1" }, "values", /greater than the maximum/],
    [{ inputType: "NUMBER", values: "0,10,0" }, "values", /step must be greater than 0/],
    [{ inputType: "NUMBER", values: "0,10,2", defaultValue: "3" }, "defaultValue", /from 0 to 10 in steps of 2/],
    [{ inputType: "SELECT", values: " , " }, "values", /at least one value/],
    [{ inputType: "RADIO", values: "a,b,a" }, "values", /only once/],
    [{ inputType: "SELECT", values: "a,b", defaultValue: "c" }, "defaultValue", /not one of the values/],
    [{ inputType: "CHECKBOX", defaultValue: "yes" }, "defaultValue", /"true" or "false"/],
  ] as const)("refuses %o in %s", (attr, field, message) => {
    const found = problems({ name: "t", labels: [label("l", { attributes: [attribute(attr)] })] });
    expect(Object.keys(found)).toEqual([`labels.0.attributes.0.${field}`]);
    expect(found[`labels.0.attributes.0.${field}`]).toMatch(message);
  });
});

describe("toCreateTaskInput", () => {
  it("trims, splits the values, drops them where the type has none, and makes skeleton points POINTS", () => {
    const draft: TaskDraft = {
      name: " Faces ",
      labels: [
        label(" face ", {
          attributes: [
            attribute({ name: "sex", inputType: "SELECT", values: "female, male,", defaultValue: "" }),
            attribute({ name: "glasses", inputType: "CHECKBOX", values: "stale", defaultValue: "false" }),
          ],
        }),
        label("body", { type: "SKELETON", sublabels: [label("nose", { type: "RECTANGLE" })] }),
        label("car", { type: "RECTANGLE", sublabels: [label("stale")] }),
      ],
    };
    expect(toCreateTaskInput(draft)).toEqual({
      name: "Faces",
      labels: [
        {
          name: "face",
          type: "RECTANGLE",
          attributes: [
            { name: "sex", inputType: "SELECT", values: ["female", "male"], defaultValue: null },
            { name: "glasses", inputType: "CHECKBOX", values: [], defaultValue: "false" },
          ],
          sublabels: [],
        },
        { name: "body", type: "SKELETON", attributes: [], sublabels: [{ name: "nose", type: "POINTS", attributes: [], sublabels: [] }] },
        { name: "car", type: "RECTANGLE", attributes: [], sublabels: [] },
      ],
    });
  });

  it("maps the server's problem paths onto field keys", () => {
    expect(fieldKeyOfServerPath("labels[2].sublabels[0].attributes[1].values")).toBe("labels.2.sublabels.0.attributes.1.values");
  });
});

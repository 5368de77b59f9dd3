import { DEFAULT_MODEL_SPEC_VALUES, parseClassNames, parseModelSpec } from "./model-spec.form-state.js";

describe("parseModelSpec", () => {
  it("builds ModelSpecInput from the form's text", () => {
    const parsed = parseModelSpec({
      ...DEFAULT_MODEL_SPEC_VALUES,
      name: "  Pets  ",
      inputWidth: "64",
      inputHeight: "48",
      mean: "0",
      std: "255",
      classNames: "cat\n\ndog\n\n",
      outputNames: " a , b ",
    });
    expect(parsed).toEqual({
      ok: true,
      spec: {
        name: "Pets",
        description: "",
        outputLayout: "YOLO_V8",
        inputWidth: 64,
        inputHeight: 48,
        resize: "LETTERBOX",
        channelOrder: "RGB",
        tensorLayout: "NCHW",
        inputType: "FLOAT32",
        mean: [0],
        std: [255],
        classNames: ["cat", "", "dog"],
        classIdOffset: 0,
        detrNoObjectClass: true,
        nmsIou: 0.45,
        defaultThreshold: 0.25,
        maxDetections: 300,
        frameBudgetMs: 10000,
        outputNames: ["a", "b"],
      },
    });
  });

  it("names every field it refuses, at once", () => {
    const parsed = parseModelSpec({
      ...DEFAULT_MODEL_SPEC_VALUES,
      name: " ",
      inputWidth: "6.5",
      std: "0, 1, 1",
      classNames: "\n\n",
      nmsIou: "0",
      defaultThreshold: "1.5",
      maxDetections: "0",
      frameBudgetMs: "99",
      classIdOffset: "-1",
    });
    expect(parsed.ok).toBe(false);
    expect(Object.keys(parsed.ok ? {} : parsed.errors).sort()).toEqual(
      [
        "classIdOffset",
        "classNames",
        "defaultThreshold",
        "frameBudgetMs",
        "inputSize",
        "maxDetections",
        "name",
        "nmsIou",
        "normalisation",
      ].sort(),
    );
  });

  it("sends no mean or std for uint8 inputs, which take pixels as they are", () => {
    const parsed = parseModelSpec({ ...DEFAULT_MODEL_SPEC_VALUES, name: "u8", classNames: "a", inputType: "UINT8", std: "0" });
    expect(parsed.ok && "std" in parsed.spec).toBe(false);
    expect(parsed.ok).toBe(true);
  });

  it("keeps inner empty class lines (ignored indexes) but not trailing ones", () => {
    expect(parseClassNames("background\r\n\r\nperson\n\n")).toEqual(["background", "", "person"]);
  });
});

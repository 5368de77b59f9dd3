import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { nuclioFixture, nuclioFixtureNames } from "@prelabel/hub-fakes";
import { parseFunctionYaml, type NuclioFunction, type NuclioLabelSpec } from "@prelabel/nuclio";
import { findModelSpecProblems } from "./model-spec.js";
import { discoveredModel, discoveredModelId, nuclioModel, toAttributeSpec, toModelLabel, unsupportedReasonOf } from "./nuclio-function.js";

const settings = {
  dashboardUrl: "http://nuclio:8070",
  project: "cvat",
  namespace: "nuclio",
  invokeMethod: "dashboard" as const,
  functionHost: "nuclio",
};

const label = (name: string, type: NuclioLabelSpec["type"], extra: Partial<NuclioLabelSpec> = {}): NuclioLabelSpec => ({
  id: null,
  name,
  type,
  attributes: [],
  sublabels: [],
  svg: null,
  ...extra,
});

const fn = (overrides: Partial<NuclioFunction> = {}): NuclioFunction => ({
  name: "onnx-test-detector",
  displayName: "Test detector",
  kind: "detector",
  framework: "onnx",
  version: 1,
  description: "",
  labels: [label("car", "rectangle")],
  namespace: null,
  project: null,
  state: "ready",
  httpPort: 32768,
  eventTimeoutMs: 30_000,
  maxWorkers: 2,
  problems: [],
  ...overrides,
});

describe("Nuclio labels as model labels", () => {
  it("maps every CVAT label type; ellipse and cuboid become ANY", () => {
    const types = ["any", "rectangle", "polygon", "polyline", "points", "mask", "tag", "ellipse", "cuboid"] as const;
    assert.deepEqual(
      types.map((t) => toModelLabel(label("x", t)).type),
      ["ANY", "RECTANGLE", "POLYGON", "POLYLINE", "POINTS", "MASK", "TAG", "ANY", "ANY"],
    );
  });

  it("keeps a skeleton's sublabels as POINTS elements, and drops sublabels of other types", () => {
    const skeleton = toModelLabel(label("person", "skeleton", { sublabels: [label("nose", "points"), label("ear", "any")] }));
    assert.equal(skeleton.type, "SKELETON");
    assert.deepEqual(
      skeleton.sublabels.map((s) => [s.name, s.type]),
      [
        ["nose", "POINTS"],
        ["ear", "POINTS"],
      ],
    );
    assert.deepEqual(toModelLabel(label("car", "rectangle", { sublabels: [label("x", "points")] })).sublabels, []);
  });

  it("reads attribute values as CVAT gives them", () => {
    assert.deepEqual(toAttributeSpec({ name: "age", inputType: "number", values: ["0", "150", "1"] }), {
      name: "age",
      inputType: "NUMBER",
      values: ["0", "150", "1"],
      defaultValue: null,
    });
    assert.deepEqual(toAttributeSpec({ name: "age", inputType: "number", values: ["0;150;1"] }).values, ["0", "150", "1"]);
    assert.deepEqual(toAttributeSpec({ name: "gender", inputType: "select", values: ["female", "male"] }), {
      name: "gender",
      inputType: "SELECT",
      values: ["female", "male"],
      defaultValue: null,
    });
    assert.deepEqual(toAttributeSpec({ name: "occluded", inputType: "checkbox", values: ["true"] }), {
      name: "occluded",
      inputType: "CHECKBOX",
      values: ["false", "true"],
      defaultValue: "true",
    });
    assert.equal(toAttributeSpec({ name: "note", inputType: "text", values: [] }).defaultValue, null);
  });
});

describe("discovered Nuclio functions", () => {
  it("derives a stable id that is already valid, and a digest-suffixed slug otherwise", () => {
    assert.equal(discoveredModelId("onnx-wongkinyiu-yolov7"), "nuclio-onnx-wongkinyiu-yolov7");
    const odd = discoveredModelId("My_Function.v2");
    assert.match(odd, /^nuclio-my-function-v2-[0-9a-f]{8}$/);
    assert.equal(discoveredModelId("My_Function.v2"), odd, "stable");
    assert.notEqual(discoveredModelId("my_function.v2"), odd, "names that slug alike keep distinct ids");
    const long = discoveredModelId("a".repeat(120));
    assert.ok(long.length <= 63, long);
    for (const id of [odd, long]) assert.match(id, /^[a-z0-9][a-z0-9-]{0,62}$/);
  });

  it("turns CVAT's YOLO v7 function.yaml into a supported shared detector reached through the dashboard", () => {
    const model = discoveredModel(parseFunctionYaml(nuclioFixture(nuclioFixtureNames.yolov7).yaml), settings);
    assert.equal(model.id, "nuclio-onnx-wongkinyiu-yolov7");
    assert.equal(model.source, "NUCLIO");
    assert.equal(model.runtime, "nuclio");
    assert.equal(model.kind, "DETECTOR");
    assert.equal(model.tenantId, "default");
    assert.equal(model.labels.length, 80);
    assert.ok(model.labels.some((l) => l.name === "car" && l.type === "RECTANGLE"));
    assert.equal(model.defaultThreshold, 0.5);
    assert.equal(model.unsupportedReason, null);
    assert.deepEqual(findModelSpecProblems(model), []);
    assert.equal(model.nuclio?.invokeMethod, "dashboard");
    assert.equal(model.nuclio?.url, "http://nuclio:8070");
    assert.equal(model.nuclio?.discovered, true);
    assert.equal(model.nuclio?.functionName, "onnx-wongkinyiu-yolov7");
    assert.equal(model.nuclio?.maxWorkers, 1);
  });

  it("keeps the face detector's attributes (number range, selects)", () => {
    const model = discoveredModel(parseFunctionYaml(nuclioFixture(nuclioFixtureNames.faceDetection).yaml), settings);
    const face = model.labels.find((l) => l.name === "face");
    assert.ok(face);
    const age = face.attributes.find((a) => a.name === "age");
    assert.equal(age?.inputType, "NUMBER");
    assert.deepEqual(age?.values.map(Number), [0, 150, 1]);
    assert.equal(face.attributes.find((a) => a.name === "gender")?.inputType, "SELECT");
    assert.equal(model.unsupportedReason, null);
  });

  it("direct invocation: the function's host and httpPort; without a port it cannot be run", () => {
    const direct = { ...settings, invokeMethod: "direct" as const, functionHost: "gpu-box" };
    assert.equal(discoveredModel(fn(), direct).nuclio?.url, "http://gpu-box:32768");
    assert.equal(discoveredModel(fn(), { ...direct, functionHost: "::1" }).nuclio?.url, "http://[::1]:32768");
    const unreachable = discoveredModel(fn({ httpPort: null }), direct);
    assert.match(unreachable.unsupportedReason ?? "", /httpPort/);
  });

  it("lists interactors, trackers and reid functions with their kind and a reason", () => {
    for (const [fixture, kind] of [
      [nuclioFixtureNames.sam, "INTERACTOR"],
      [nuclioFixtureNames.transt, "TRACKER"],
      [nuclioFixtureNames.reid, "REID"],
    ] as const) {
      const model = discoveredModel(parseFunctionYaml(nuclioFixture(fixture).yaml), settings);
      assert.equal(model.kind, kind, fixture);
      assert.match(model.unsupportedReason ?? "", /not supported|detector/, fixture);
    }
  });

  it("a detector with a broken spec is listed, unsupported, with every problem", () => {
    const model = discoveredModel(parseFunctionYaml(nuclioFixture(nuclioFixtureNames.broken).yaml), settings);
    assert.equal(model.kind, "DETECTOR");
    assert.ok(model.unsupportedReason);
    const dup = nuclioModel(fn({ labels: [label("car", "rectangle"), label("car", "polygon")] }), {
      id: "x",
      tenantId: "t",
      invokeMethod: "direct",
      url: "http://h:1",
      project: null,
      namespace: null,
      discovered: false,
    });
    assert.match(dup.unsupportedReason ?? "", /duplicate label "car"/);
    assert.equal(nuclioModel(fn(), { ...baseOptions, defaultThreshold: 0.3 }).defaultThreshold, 0.3);
  });

  it("returns masks when a label is a mask", () => {
    assert.equal(nuclioModel(fn({ labels: [label("a", "mask")] }), baseOptions).returnsMasks, true);
    assert.equal(nuclioModel(fn(), baseOptions).returnsMasks, false);
  });

  it("an unknown kind is listed as an unsupported DETECTOR", () => {
    const model = nuclioModel(fn({ kind: "unknown" }), baseOptions);
    assert.equal(model.kind, "DETECTOR");
    assert.equal(
      unsupportedReasonOf(fn({ kind: "unknown" })),
      "metadata.annotations.type is not one of detector, interactor, tracker, reid",
    );
  });
});

const baseOptions = {
  id: "x",
  tenantId: "t",
  invokeMethod: "direct" as const,
  url: "http://h:1",
  project: null,
  namespace: null,
  discovered: false,
};

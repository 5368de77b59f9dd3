import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cocoLabels, nuclioFixture, nuclioFixtureNames, standardNuclioFixtures } from "@prelabel/hub-fakes";
import { parse } from "yaml";
import {
  nuclioConfigLimits,
  parseDashboardFunctions,
  parseDashboardListing,
  parseFunctionConfig,
  parseFunctionYaml,
  parseLabelSpec,
} from "./function-config.parser.js";
import { NuclioErrorCode, type NuclioError } from "./nuclio.types.js";

const withSpec = (spec: unknown, type = "detector") => ({
  metadata: { name: "fn", annotations: { type, spec: typeof spec === "string" ? spec : JSON.stringify(spec) } },
  spec: { description: "d" },
});

const isCode = (code: string) => (err: unknown) => (err as NuclioError).code === code;

describe("parseFunctionYaml on CVAT's published function.yaml shapes", () => {
  it("YOLO v7: 80 COCO rectangle labels with ids 0…79, 30 s event timeout, one worker, no problems", () => {
    const fn = parseFunctionYaml(nuclioFixture(nuclioFixtureNames.yolov7).yaml);
    assert.equal(fn.name, "onnx-wongkinyiu-yolov7");
    assert.equal(fn.displayName, "YOLO v7");
    assert.equal(fn.kind, "detector");
    assert.equal(fn.framework, "onnx");
    assert.equal(fn.version, 1);
    assert.equal(fn.description, "YOLO v7 via onnx-runtime");
    assert.equal(fn.namespace, "cvat");
    assert.equal(fn.project, null, "a function.yaml has no project label");
    assert.equal(fn.state, null);
    assert.equal(fn.httpPort, null);
    assert.equal(fn.eventTimeoutMs, 30_000);
    assert.equal(fn.maxWorkers, 1);
    assert.deepEqual(fn.problems, []);
    assert.equal(fn.labels.length, 80);
    assert.deepEqual(
      fn.labels.map((l) => l.name),
      cocoLabels.map((l) => l.name),
    );
    assert.deepEqual(
      fn.labels.slice(0, 3).map((l) => [l.id, l.type]),
      [
        [0, "rectangle"],
        [1, "rectangle"],
        [2, "rectangle"],
      ],
    );
    assert.deepEqual(fn.labels[79], { id: 79, name: "toothbrush", type: "rectangle", attributes: [], sublabels: [], svg: null });
  });

  it("RetinaNet keeps COCO's gapped category ids", () => {
    const fn = parseFunctionYaml(nuclioFixture(nuclioFixtureNames.retinanet).yaml);
    assert.equal(fn.labels.find((l) => l.name === "stop sign")?.id, 13);
    assert.equal(fn.labels.find((l) => l.name === "toothbrush")?.id, 90);
    assert.deepEqual(fn.problems, []);
  });

  it("face detection: one face label with number and select attributes, eventTimeout 30000s", () => {
    const fn = parseFunctionYaml(nuclioFixture(nuclioFixtureNames.faceDetection).yaml);
    assert.equal(fn.eventTimeoutMs, 30_000_000);
    assert.equal(fn.maxWorkers, 2);
    assert.deepEqual(fn.labels, [
      {
        id: 0,
        name: "face",
        type: "rectangle",
        sublabels: [],
        svg: null,
        attributes: [
          { name: "age", inputType: "number", values: ["0", "150", "1"] },
          { name: "gender", inputType: "select", values: ["female", "male"] },
          { name: "emotion", inputType: "select", values: ["neutral", "happy", "sad", "surprise", "anger"] },
        ],
      },
    ]);
  });

  it("a skeleton label keeps its points sublabels and svg", () => {
    const fn = parseFunctionYaml(nuclioFixture(nuclioFixtureNames.pose).yaml);
    assert.deepEqual(fn.problems, []);
    const person = fn.labels[0];
    assert.equal(person.type, "skeleton");
    assert.equal(person.sublabels.length, 13);
    assert.ok(person.sublabels.every((s) => s.type === "points"));
    assert.equal(person.sublabels[0].name, "nose");
    assert.match(person.svg ?? "", /data-label-name="nose"/);
  });

  it("interactor, tracker and reid functions are read, each with the reason it cannot run", () => {
    for (const [name, kind] of [
      [nuclioFixtureNames.sam, "interactor"],
      [nuclioFixtureNames.transt, "tracker"],
      [nuclioFixtureNames.reid, "reid"],
    ] as const) {
      const fn = parseFunctionYaml(nuclioFixture(name).yaml);
      assert.equal(fn.kind, kind);
      assert.deepEqual(fn.problems, [`${kind} functions are not supported: Prelabel runs detector functions`]);
    }
    assert.equal(parseFunctionYaml(nuclioFixture(nuclioFixtureNames.sam).yaml).version, 2);
  });

  it("a spec that is not JSON is a problem, not a failure", () => {
    const fn = parseFunctionYaml(nuclioFixture(nuclioFixtureNames.broken).yaml);
    assert.equal(fn.name, nuclioFixtureNames.broken);
    assert.deepEqual(fn.labels, []);
    assert.deepEqual(fn.problems, ["the label spec (metadata.annotations.spec) is not valid JSON"]);
  });

  it("every standard fixture parses, and only the broken one and the non-detectors have problems", () => {
    for (const f of standardNuclioFixtures()) {
      const fn = parseFunctionYaml(f.yaml);
      assert.equal(fn.name, f.name);
      assert.equal(fn.kind, f.kind);
      assert.equal(fn.problems.length === 0, f.kind === "detector" && f.name !== nuclioFixtureNames.broken, f.name);
    }
  });

  it("refuses text that is too large, not YAML, without metadata.name, or with too many aliases", () => {
    assert.throws(() => parseFunctionYaml("a".repeat(nuclioConfigLimits.maxYamlBytes + 1)), isCode(NuclioErrorCode.InvalidFunctionConfig));
    assert.throws(() => parseFunctionYaml("metadata: [unclosed"), isCode(NuclioErrorCode.InvalidFunctionConfig));
    assert.throws(() => parseFunctionYaml("metadata:\n  name: a\n  name: b\n"), /not valid YAML/);
    assert.throws(() => parseFunctionYaml("spec:\n  description: x\n"), /no metadata/);
    assert.throws(() => parseFunctionYaml("metadata:\n  annotations: {}\n"), /no metadata.name/);
    assert.throws(() => parseFunctionYaml("- a\n- b\n"), /not an object/);
    assert.throws(() => parseFunctionYaml("metadata:\n  name: 'bad name\\r\\nx-evil: 1'\n"), /unusable/);
    // A "billion laughs" document: each level doubles the expansion.
    const levels = ["a: &a [x, x]"];
    for (let i = 1; i <= 12; i++)
      levels.push(
        `${"a" + i}: &a${i} [${Array(12)
          .fill(i === 1 ? "*a" : `*a${i - 1}`)
          .join(", ")}]`,
      );
    const bomb = `metadata:\n  name: bomb\n${levels.map((l) => "  " + l.replace(/^(\w+)/, "x$1")).join("\n")}\n`;
    assert.throws(
      () => parseFunctionYaml(bomb),
      (err: NuclioError) => err.code === NuclioErrorCode.InvalidFunctionConfig && /alias/i.test(err.message),
    );
  });
});

describe("parseFunctionConfig", () => {
  it("reads the trigger's port, numWorkers as maxWorkers, and the shortest timeout", () => {
    const fn = parseFunctionConfig({
      metadata: { name: "f", annotations: { type: "detector", spec: '[{"name":"a"}]', version: "3" } },
      spec: {
        eventTimeout: "2m",
        triggers: {
          cron: { kind: "cron", maxWorkers: 9 },
          web: { kind: "http", numWorkers: 4, timeout: "45s", attributes: { port: 32001 } },
        },
      },
    });
    assert.equal(fn.httpPort, 32001);
    assert.equal(fn.maxWorkers, 4);
    assert.equal(fn.eventTimeoutMs, 45_000);
    assert.equal(fn.version, 3);
    assert.equal(fn.description, "");
    assert.equal(fn.labels[0].type, "any", "CVAT's default label type");
  });

  it("names every problem: unknown or missing type, bad version, no labels", () => {
    assert.deepEqual(parseFunctionConfig(withSpec([{ name: "a" }], "segmenter")).problems, [
      'unknown function type "segmenter" (metadata.annotations.type)',
    ]);
    assert.deepEqual(parseFunctionConfig({ metadata: { name: "f" } }).problems, [
      "the function declares no type (metadata.annotations.type)",
    ]);
    assert.deepEqual(parseFunctionConfig(withSpec([])).problems, ["the function declares no labels (metadata.annotations.spec)"]);
    assert.deepEqual(
      parseFunctionConfig({ metadata: { name: "f", annotations: { type: "detector", spec: '[{"name":"a"}]', version: "two" } } }).problems,
      ['metadata.annotations.version "two" is not an integer'],
    );
    assert.throws(() => parseFunctionConfig(null), isCode(NuclioErrorCode.InvalidFunctionConfig));
    assert.throws(() => parseFunctionConfig({ metadata: { name: "" } }), /no metadata.name/);
  });
});

describe("parseLabelSpec: CVAT's lambda manager rules, every problem listed", () => {
  it("duplicate labels and duplicate attributes per label", () => {
    const { labels, problems } = parseLabelSpec(
      JSON.stringify([
        {
          id: 1,
          name: "car",
          attributes: [
            { name: "color", input_type: "text", values: [] },
            { name: "color", input_type: "text" },
          ],
        },
        { id: 2, name: "car", type: "rectangle" },
        { id: 3, name: "bus", attributes: [{ name: "color", input_type: "text", values: [] }] },
      ]),
    );
    assert.equal(labels.length, 3);
    assert.deepEqual(problems, ['label "car": duplicate attribute name "color"', 'duplicate label name "car"']);
  });

  it("skeletons need sublabels and an svg; their elements must be points", () => {
    const { problems } = parseLabelSpec(
      JSON.stringify([
        { name: "a", type: "skeleton" },
        { name: "b", type: "skeleton", sublabels: [{ name: "x" }, { name: "x", type: "rectangle" }], svg: "<line/>" },
      ]),
    );
    assert.deepEqual(problems, [
      'label "a": a skeleton needs sublabels',
      'label "a": a skeleton needs an svg',
      'duplicate sublabel name "x"',
      'sublabel "x": skeleton elements must be of type points, not rectangle',
    ]);
  });

  it("unknown label types and input types, bad number ranges, items without names", () => {
    const { labels, problems } = parseLabelSpec(
      JSON.stringify([
        { name: "a", type: "blob" },
        {
          name: "b",
          type: "unknown",
          attributes: [
            { name: "n", input_type: "slider" },
            { name: "m", input_type: "number", values: ["5", "1", "1"] },
          ],
        },
        { id: 7 },
        "c",
      ]),
    );
    assert.deepEqual(
      labels.map((l) => [l.name, l.type]),
      [
        ["a", "any"],
        ["b", "any"],
      ],
    );
    assert.deepEqual(problems, [
      'label "a": unknown type "blob"',
      'label "b", attribute "n": unknown input_type "slider"',
      'label "b", attribute "m": a number attribute\'s values must be "min;max;step" numbers',
      "label #3 has no name",
      "label #4 is not an object",
    ]);
  });

  it("values are coerced to strings; ids may be numeric strings", () => {
    const { labels, problems } = parseLabelSpec(
      JSON.stringify([{ id: "4", name: "a", attributes: [{ name: "n", input_type: "number", values: [0, 10, 1] }] }]),
    );
    assert.deepEqual(problems, []);
    assert.equal(labels[0].id, 4);
    assert.deepEqual(labels[0].attributes[0].values, ["0", "10", "1"]);
  });

  it("limits: spec size, labels, attributes, values, sublabels, name length", () => {
    assert.match(parseLabelSpec(" ".repeat(nuclioConfigLimits.maxSpecBytes + 1)).problems[0], /more than 262144/);
    const many = Array.from({ length: nuclioConfigLimits.maxLabels + 1 }, (_, i) => ({ name: `l${i}` }));
    const r1 = parseLabelSpec(JSON.stringify(many));
    assert.deepEqual(r1.problems, ["the label spec has 2001 labels, more than 2000"]);
    assert.equal(r1.labels.length, 2000);
    const attrs = Array.from({ length: 65 }, (_, i) => ({ name: `a${i}`, input_type: "text" }));
    assert.deepEqual(parseLabelSpec(JSON.stringify([{ name: "x", attributes: attrs }])).problems, [
      'label "x": 65 attributes, more than 64',
    ]);
    const values = Array.from({ length: 1001 }, (_, i) => `v${i}`);
    assert.deepEqual(parseLabelSpec(JSON.stringify([{ name: "x", attributes: [{ name: "s", input_type: "select", values }] }])).problems, [
      'label "x", attribute "s": 1001 values, more than 1000',
    ]);
    const subs = Array.from({ length: 101 }, (_, i) => ({ name: `p${i}`, type: "points" }));
    assert.deepEqual(parseLabelSpec(JSON.stringify([{ name: "s", type: "skeleton", sublabels: subs, svg: "<g/>" }])).problems, [
      'label "s": 101 sublabels, more than 100',
    ]);
    assert.deepEqual(parseLabelSpec(JSON.stringify([{ name: "n".repeat(201) }])).problems, [
      "label #1: its name is longer than 200 characters",
    ]);
  });

  it("not JSON, not a list", () => {
    assert.deepEqual(parseLabelSpec("{").problems, ["the label spec (metadata.annotations.spec) is not valid JSON"]);
    assert.deepEqual(parseLabelSpec('{"name":"a"}').problems, ["the label spec is not a JSON list of labels"]);
  });
});

describe("parseDashboardFunctions", () => {
  const dashboardEntry = (yaml: string, port: number) => {
    const config = parse(yaml) as { metadata: Record<string, unknown> };
    config.metadata.labels = { "nuclio.io/project-name": "cvat" };
    return { ...config, status: { state: "ready", httpPort: port } };
  };

  it("reads a dashboard map with status, sorted by name, bad functions kept with their problems", () => {
    const body = {
      [nuclioFixtureNames.yolov7]: dashboardEntry(nuclioFixture(nuclioFixtureNames.yolov7).yaml, 32768),
      [nuclioFixtureNames.broken]: dashboardEntry(nuclioFixture(nuclioFixtureNames.broken).yaml, 32769),
    };
    const fns = parseDashboardFunctions(body);
    assert.deepEqual(
      fns.map((f) => [f.name, f.state, f.httpPort, f.project, f.problems.length]),
      [
        [nuclioFixtureNames.broken, "ready", 32769, "cvat", 1],
        [nuclioFixtureNames.yolov7, "ready", 32768, "cvat", 0],
      ],
    );
  });

  it("an entry without metadata.name is named by its key; unusable entries are skipped and reported", () => {
    const listing = parseDashboardListing({
      keyed: { metadata: { annotations: { type: "detector", spec: '[{"name":"a"}]' } } },
      "bad key!": { metadata: {} },
      scalar: 5,
      "ok-fn": { metadata: { name: "ok-fn", annotations: { type: "detector", spec: '[{"name":"a"}]' } } },
      other: { metadata: { name: "has space" } },
    });
    assert.deepEqual(
      listing.functions.map((f) => [f.name, f.problems]),
      [
        ["keyed", ["metadata.name is missing (named by its dashboard key)"]],
        ["ok-fn", []],
      ],
    );
    assert.deepEqual(
      listing.skipped.map((s) => s.key),
      ["bad key!", "scalar", "other"],
    );
  });

  it("a body that is not a map is NUCLIO_DASHBOARD_UNAVAILABLE", () => {
    for (const body of [null, [], "x", 3]) {
      assert.throws(() => parseDashboardFunctions(body), isCode(NuclioErrorCode.DashboardUnavailable));
    }
    assert.deepEqual(parseDashboardFunctions({}), []);
  });
});

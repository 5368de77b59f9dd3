import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { cocoDetectionEntry } from "./coco/coco-detection.entry.js";
import { COCO_LABELS } from "./coco/coco-labels.js";
import { faceDetectionEntry } from "./face/face-detection.entry.js";
import { handDetectionEntry } from "./hand/hand-detection.entry.js";
import { HUMAN_MODELS_VERSION } from "./human-models.js";
import { builtInModelEntries, createModelCatalog } from "./model-catalog.js";
import type { ModelSession } from "./model-session.js";
import { personPoseEntry } from "./pose/person-pose.entry.js";

/** A catalog whose sessions are fakes with exactly the given names per artifact, counting opens and releases. */
function fakeCatalog(io: Record<string, { inputs: string[]; outputs: string[] }>) {
  const opened: string[] = [];
  const released: string[] = [];
  const catalog = createModelCatalog({
    intraOpNumThreads: 2,
    artifactPath: async (name) => `/artifacts/${name}.onnx`,
    createSession: async (path): Promise<ModelSession> => {
      const name = path.replace(/^\/artifacts\/|\.onnx$/g, "");
      opened.push(name);
      const names = io[name];
      if (!names) throw new Error(`unexpected artifact ${name}`);
      return { inputNames: names.inputs, outputNames: names.outputs, run: async () => ({}), release: async () => void released.push(name) };
    },
  });
  return { catalog, opened, released };
}

const IO = {
  blazeface: { inputs: ["input"], outputs: ["Identity", "Identity_1", "Identity_2", "Identity_3"] },
  emotion: { inputs: ["input_1"], outputs: ["Identity"] },
  faceres: { inputs: ["input_1"], outputs: ["gender_pred/Sigmoid", "global_pooling/Mean", "age_pred/Softmax"] },
  centernet: { inputs: ["tower_0/images"], outputs: ["tower_0/detections"] },
  "movenet-lightning": { inputs: ["input"], outputs: ["Identity"] },
  handtrack: {
    inputs: ["StatefulPartitionedCall/map/TensorArrayV2Stack/TensorListStack"],
    outputs: ["StatefulPartitionedCall/Postprocessor/Slice", "StatefulPartitionedCall/Postprocessor/ExpandDims_1"],
  },
};

describe("catalog entries of the human models", () => {
  it("registers the four models under their public ids", () => {
    const { catalog } = fakeCatalog(IO);
    for (const id of ["face-detection-with-attributes", "coco-object-detection", "person-pose", "hand-detection"])
      assert.ok(catalog.has(id), id);
    assert.deepEqual(
      catalog.descriptor("coco-object-detection").labels.map((l) => l.name),
      [...COCO_LABELS],
    );
    assert.deepEqual(catalog.descriptor("face-detection-with-attributes").labels, [{ id: 0, name: "face", shapes: ["rectangle"] }]);
    assert.deepEqual(
      catalog.descriptor("person-pose").labels.map((l) => l.name),
      ["person"],
    );
    assert.deepEqual(
      catalog.descriptor("hand-detection").labels.map((l) => l.name),
      ["hand"],
    );
  });

  it("declares the version of the installed @vladmandic/human", () => {
    // The exports map hides package.json; the main entry is dist/human.node.js.
    const packageJson = join(dirname(require.resolve("@vladmandic/human")), "..", "package.json");
    const { version } = JSON.parse(readFileSync(packageJson, "utf8")) as { version: string };
    assert.equal(HUMAN_MODELS_VERSION, version);
    for (const entry of [faceDetectionEntry, cocoDetectionEntry, personPoseEntry, handDetectionEntry])
      assert.equal(entry.descriptor.version, version);
  });

  it("loads each model from its artifacts; person-pose shares coco's CenterNet session", async () => {
    const { catalog, opened, released } = fakeCatalog(IO);
    await catalog.get("face-detection-with-attributes");
    assert.deepEqual(opened.sort(), ["blazeface", "emotion", "faceres"]);
    await Promise.all([catalog.get("coco-object-detection"), catalog.get("person-pose"), catalog.get("hand-detection")]);
    assert.deepEqual(opened.filter((n) => n === "centernet").length, 1, "CenterNet opened once for two models");
    assert.deepEqual(opened.sort(), ["blazeface", "centernet", "emotion", "faceres", "handtrack", "movenet-lightning"]);
    await catalog.dispose();
    assert.deepEqual(released.sort(), ["blazeface", "centernet", "emotion", "faceres", "handtrack", "movenet-lightning"]);
  });

  it("fails the load naming the tensor an artifact lacks", async () => {
    const { catalog, released } = fakeCatalog({
      ...IO,
      handtrack: {
        inputs: ["input_tensor"],
        outputs: ["StatefulPartitionedCall/Postprocessor/Slice", "StatefulPartitionedCall/Postprocessor/ExpandDims_1"],
      },
    });
    await assert.rejects(catalog.get("hand-detection"), (e: Error) =>
      /input StatefulPartitionedCall\/map/.test(String((e.cause as Error).message)),
    );
    assert.deepEqual(released, ["handtrack"]);
  });
});

describe("catalog frame budgets", () => {
  it("every built-in entry declares a frame budget, the one docs/models/README.md lists", () => {
    const table = readFileSync(join(__dirname, "..", "..", "..", "..", "..", "docs", "models", "README.md"), "utf8");
    for (const entry of builtInModelEntries) {
      const { id, frameBudgetMs } = entry.descriptor;
      assert.ok(frameBudgetMs && frameBudgetMs >= 1_000 && frameBudgetMs <= 60_000, `${id}: ${frameBudgetMs}`);
      // Cells, trimmed: Prettier pads the table's columns.
      const row = table
        .split("\n")
        .map((line) => line.split("|").map((cell) => cell.trim()))
        .find((cells) => cells[1] === `\`${id}\``);
      assert.ok(row?.includes(`${frameBudgetMs / 1000} s`), `${id}'s row shows its ${frameBudgetMs / 1000} s budget: ${row?.join(" | ")}`);
    }
  });
});

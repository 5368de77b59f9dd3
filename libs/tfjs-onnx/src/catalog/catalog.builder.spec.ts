import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { TfjsOnnxError, TfjsOnnxErrorCode } from "../tfjs-onnx.errors.js";
import { TfGraphFixture, tfAttr } from "../testing/tf-graph.fixture.js";
import { ARTIFACTS_FILE, buildModelCatalog, type Artifact } from "./catalog.builder.js";
import { packageRoot, resolveModelSource } from "./model-source.resolver.js";
import { parseRecipe } from "./recipe.loader.js";

const run = promisify(execFile);
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** A tiny model on disk: x [-1, 3] → x·w + b, weights in two shards of one group. */
async function writeModel(dir: string, name: string, scale: number): Promise<void> {
  const g = new TfGraphFixture();
  const x = g.placeholder("x", [-1, 3]);
  g.op("y", "AddV2", [g.op("m", "Mul", [x, g.const("w", [3], [scale, 2, 3])]), g.const("b", [3], [1, 1, 1])], {
    T: tfAttr.type("DT_FLOAT"),
  });
  const source = g.signatureOutputs(["y"]).source();
  const half = source.weightData.length / 2;
  const modelJson = { ...source.modelJson, weightsManifest: [{ paths: [`${name}.1.bin`, `${name}.2.bin`], weights: source.weightSpecs }] };
  await writeFile(join(dir, `${name}.json`), JSON.stringify(modelJson));
  await writeFile(join(dir, `${name}.1.bin`), source.weightData.subarray(0, half));
  await writeFile(join(dir, `${name}.2.bin`), source.weightData.subarray(half));
}

describe("buildModelCatalog", () => {
  let dir: string;
  let recipePath: string;
  let converterFile: string;
  let outDir: string;
  const logs: string[] = [];
  const build = () => buildModelCatalog({ recipePath, outDir, converterFiles: [converterFile], log: (l) => logs.push(l) });
  const writeRecipe = (models: object[]) => writeFile(recipePath, JSON.stringify({ models }));

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "tfjs-onnx-catalog-"));
    recipePath = join(dir, "recipe.json");
    converterFile = join(dir, "converter.js");
    outDir = join(dir, "build");
    await writeModel(dir, "alpha", 1);
    await writeModel(dir, "beta", 5);
    await writeFile(converterFile, "// v1");
    await writeRecipe([
      { name: "alpha", source: "./alpha.json" },
      { name: "beta", source: "beta.json", fp16Storage: true },
    ]);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("writes <name>.onnx and artifacts.json with sha256 and size, then is up to date", async () => {
    const first = await build();
    assert.equal(first.upToDate, false);
    const listed = JSON.parse(await readFile(join(outDir, ARTIFACTS_FILE), "utf8")) as { models: Artifact[] };
    assert.deepEqual(
      listed.models.map((m) => [m.name, m.file]),
      [
        ["alpha", "alpha.onnx"],
        ["beta", "beta.onnx"],
      ],
    );
    for (const m of listed.models) {
      const bytes = await readFile(join(outDir, m.file));
      assert.equal(m.sha256, sha256(bytes));
      assert.equal(m.sizeBytes, bytes.byteLength);
      assert.deepEqual(m.inputs, [{ name: "x", dtype: "float32", shape: ["N", 3] }]);
      assert.deepEqual(m.outputs, [{ name: "y", dtype: "float32" }]);
    }
    assert.ok(logs.some((l) => l.startsWith(`alpha: sha256 ${listed.models[0].sha256}`)));
    assert.deepEqual(await build(), { upToDate: true, artifacts: listed.models });
    assert.match(logs.at(-1)!, /^up to date/);
    assert.deepEqual((await readFile(join(outDir, "alpha.onnx"))).length, listed.models[0].sizeBytes);
  });

  it("rebuilds, byte-identically, on any change: converter code, recipe, model.json, a shard, a damaged output", async () => {
    const original = (await build()).artifacts;
    const changes: [string, () => Promise<void>][] = [
      ["converter", () => writeFile(converterFile, "// v2")],
      [
        "recipe",
        () =>
          writeRecipe([
            { name: "alpha", source: "./alpha.json" },
            { name: "beta", source: "beta.json", fp16Storage: true, outputs: ["y"] },
          ]),
      ],
      ["model.json", async () => writeFile(join(dir, "alpha.json"), `${await readFile(join(dir, "alpha.json"), "utf8")}\n`)],
      ["shard", async () => writeModel(dir, "beta", 6)],
      ["output", () => writeFile(join(outDir, "alpha.onnx"), "garbage")],
    ];
    for (const [what, change] of changes) {
      await change();
      const result = await build();
      assert.equal(result.upToDate, false, `${what} change must rebuild`);
      assert.equal((await build()).upToDate, true, `after rebuilding for ${what}`);
      assert.equal(result.artifacts[0].sha256, original[0].sha256, "alpha is rebuilt to the same bytes");
    }
    const beta = (await build()).artifacts[1];
    assert.notEqual(beta.sha256, original[1].sha256, "new weights, new bytes");
  });

  it("removes the model file of an entry dropped from the recipe", async () => {
    await writeRecipe([{ name: "alpha", source: "./alpha.json" }]);
    await build();
    assert.equal(existsSync(join(outDir, "beta.onnx")), false);
    assert.equal(existsSync(join(outDir, "alpha.onnx")), true);
  });

  it("the CLI prints each model's sha256 and size, then 'up to date'", async () => {
    const cli = resolve(__dirname, "../cli/build-models.cli.js");
    const cliOut = join(dir, "cli-build");
    const first = await run(process.execPath, [cli, "--recipe", recipePath, "--out", cliOut]);
    assert.match(
      first.stdout,
      /^alpha: sha256 [0-9a-f]{64} [\d.]+ MB \(\d+ bytes\), converted in \d+ ms, loads in onnxruntime \(level all, 2 threads\)/m,
    );
    const second = await run(process.execPath, [cli, "--recipe", recipePath, "--out", cliOut]);
    assert.match(second.stdout, /^up to date/);
    await assert.rejects(run(process.execPath, [cli, "--recipe", join(dir, "missing.json")]), /cannot read recipe/);
  });
});

describe("recipes and sources", () => {
  it("a recipe error lists every problem", () => {
    assert.throws(
      () =>
        parseRecipe(
          {
            models: [
              { name: "Bad Name", source: "" },
              { name: "a", source: "x", extra: 1 },
              { name: "a", source: "y" },
            ],
          },
          "r.json",
        ),
      (e: unknown) =>
        e instanceof TfjsOnnxError &&
        e.code === TfjsOnnxErrorCode.InvalidRecipe &&
        ["models.0.name", "models.0.source", "models.1", "models.2.name"].every((p) => e.message.includes(p)),
    );
  });

  it("resolves package files even when the package does not export them (@vladmandic/human)", () => {
    const root = packageRoot("@vladmandic/human", __dirname);
    assert.ok(existsSync(join(root, "models", "emotion.bin")));
    assert.equal(resolveModelSource("@vladmandic/human/models/emotion.json", __dirname), join(root, "models", "emotion.json"));
    assert.throws(
      () => resolveModelSource("@vladmandic/human/models/none.json", __dirname),
      (e: unknown) => e instanceof TfjsOnnxError && e.code === TfjsOnnxErrorCode.InvalidRecipe,
    );
  });
});

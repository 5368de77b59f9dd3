import "reflect-metadata";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { printModelRegistrySdl } from "./cli/print-schema.cli.js";

describe("model-registry subgraph SDL", () => {
  it("matches the committed schema.graphql (run `npm run print-schema -w @prelabel/model-registry`)", async () => {
    const committed = readFileSync(join(__dirname, "..", "..", "schema.graphql"), "utf8");
    assert.equal(await printModelRegistrySdl(), committed);
  });

  it("declares the public API composition relies on", async () => {
    const sdl = await printModelRegistrySdl();
    assert.match(sdl, /type Model\s+@key\(fields: "id"\)/);
    assert.match(
      sdl,
      /type AttributeSpec\s+@shareable\s*\{\s*name: String!\s*inputType: AttributeInputType!\s*values: \[String!\]!\s*defaultValue: String\s*\}/,
    );
    assert.match(sdl, /models\(kind: ModelKind, source: ModelSource\): \[Model!\]!/);
    assert.match(sdl, /model\(id: ID!\): Model\n/);
    assert.match(sdl, /enum ShapeType \{\s*RECTANGLE\s*POLYGON\s*POLYLINE\s*POINTS\s*MASK\s*SKELETON\s*TAG\s*ANY\s*\}/);
    assert.match(sdl, /uploadModel\(file: Upload!, spec: ModelSpecInput!\): Model!/);
    assert.match(sdl, /deleteModel\(id: ID!\): Boolean!/);
    assert.match(sdl, /resize: OnnxResizeMode! = LETTERBOX/);
    assert.match(sdl, /addNuclioFunction\(input: AddNuclioFunctionInput!\): Model!/);
    assert.match(sdl, /nuclioDashboard: NuclioDashboardStatus\n/);
    assert.match(sdl, /supported: Boolean!/);
    assert.doesNotMatch(sdl, /runtime/, "runtime is for workers only");
    assert.doesNotMatch(sdl, /type NuclioFunctionInfo[^}]*url/, "function URLs are not shown");
  });
});

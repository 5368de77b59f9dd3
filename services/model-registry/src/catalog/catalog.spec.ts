import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadCatalog, parseCatalog } from "./catalog.js";

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
    });
    assert.match(text.description, /PP-OCRv4/);
  });

  it("names every shape problem of a bad manifest at once", () => {
    assert.throws(
      () => parseCatalog({ version: 1, models: [{ id: "x", kind: "ROBOT", labels: [] }] }),
      (err: Error) => /models\.0\.kind/.test(err.message) && /models\.0\.name/.test(err.message),
    );
  });

  it("rejects duplicate ids and invalid specs", () => {
    const entry = {
      id: "a",
      name: "A",
      description: "",
      kind: "DETECTOR",
      runtime: "catalog:a",
      labels: [{ name: "x", type: "TAG" }],
      defaultThreshold: 0.5,
      returnsMasks: false,
      inputSize: null,
      preprocessing: null,
    };
    assert.throws(() => parseCatalog({ version: 1, models: [entry, entry] }), /duplicate model id a/);
    assert.throws(() => parseCatalog({ version: 1, models: [{ ...entry, defaultThreshold: 0 }] }), /defaultThreshold/);
    assert.equal(parseCatalog({ version: 1, models: [entry] })[0]?.labels[0]?.sublabels.length, 0);
  });
});

import type { Model } from "./model.js";

/** A valid catalog detector with one TAG label, for specs; `over` replaces any field. */
export const catalogModelFixture = (over: Partial<Model> = {}): Model => ({
  id: "a",
  name: "A",
  description: "",
  source: "CATALOG",
  kind: "DETECTOR",
  labels: [{ name: "x", type: "TAG", attributes: [], sublabels: [] }],
  defaultThreshold: 0.5,
  returnsMasks: false,
  inputSize: null,
  preprocessing: null,
  runtime: "catalog:a",
  artifacts: [],
  onnxDetector: null,
  ...over,
});

import type { ModelCardData } from "./models.api.js";

/** A model as ModelsPage answers it; `over` replaces any field. */
export function modelCard(over: Partial<ModelCardData> = {}): ModelCardData {
  return {
    id: "coco-object-detection",
    name: "COCO objects",
    description: "Finds objects of the 80 COCO classes.",
    source: "CATALOG",
    kind: "DETECTOR",
    defaultThreshold: 0.3,
    returnsMasks: false,
    license: "MIT as packaged in @vladmandic/human 3.3.6; not verified",
    measuredMsPerFrame: 42,
    supported: true,
    unsupportedReason: null,
    deletable: false,
    inputSize: { width: 512, height: 512 },
    labels: [{ name: "person", type: "RECTANGLE", attributes: [], sublabels: [] }],
    hub: null,
    ...over,
  };
}

import { defaultAnnotationFilter, filterAnnotations } from "./annotation.filter.js";
import type { Annotation } from "./task.api.js";

function shape(id: string, labelId: string, source: Annotation["source"], score: number | null): Annotation {
  return {
    id,
    frame: 0,
    label: { id: labelId, name: labelId },
    type: "RECTANGLE",
    points: [0, 0, 1, 1],
    mask: null,
    score,
    source,
    jobId: null,
    attributes: [],
    elements: [],
    occluded: false,
    outside: false,
  };
}

const shapes = [shape("a", "face", "AUTO", 0.9), shape("b", "face", "AUTO", 0.3), shape("c", "car", "MANUAL", null)];
const ids = (list: Annotation[]) => list.map((a) => a.id);

describe("filterAnnotations", () => {
  it("shows everything by default", () => {
    expect(ids(filterAnnotations(shapes, defaultAnnotationFilter()))).toEqual(["a", "b", "c"]);
  });

  it("hides labels, sources and low scores; unscored shapes pass the score filter", () => {
    const base = defaultAnnotationFilter();
    expect(ids(filterAnnotations(shapes, { ...base, hiddenLabelIds: new Set(["face"]) }))).toEqual(["c"]);
    expect(ids(filterAnnotations(shapes, { ...base, sources: new Set(["MANUAL"]) }))).toEqual(["c"]);
    expect(ids(filterAnnotations(shapes, { ...base, minScore: 0.5 }))).toEqual(["a", "c"]);
  });
});

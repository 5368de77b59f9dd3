import { AnnotationSource, AttributeInputType, ShapeType, type ValidLabel } from "../label-types.js";
import type { ExportSource } from "./export-stream.js";
import type { InterchangeFrame, InterchangeShape } from "./interchange.js";

/** A schema with every shape type (a skeleton of two points, attributes on the box) for the writers' specs. */
export const FIXTURE_LABELS: ValidLabel[] = [
  {
    name: "car",
    type: ShapeType.RECTANGLE,
    attributes: [
      { name: "color", inputType: AttributeInputType.SELECT, values: ["red", "blue"], defaultValue: "red" },
      { name: "note", inputType: AttributeInputType.TEXT, values: [], defaultValue: null },
    ],
    sublabels: [],
  },
  { name: "lake", type: ShapeType.POLYGON, attributes: [], sublabels: [] },
  { name: "lane", type: ShapeType.POLYLINE, attributes: [], sublabels: [] },
  { name: "eyes", type: ShapeType.POINTS, attributes: [], sublabels: [] },
  { name: "road", type: ShapeType.MASK, attributes: [], sublabels: [] },
  {
    name: "person",
    type: ShapeType.SKELETON,
    attributes: [],
    sublabels: [
      { name: "head", type: ShapeType.POINTS, attributes: [], sublabels: [] },
      { name: "foot", type: ShapeType.POINTS, attributes: [], sublabels: [] },
      { name: "hand", type: ShapeType.POINTS, attributes: [], sublabels: [] },
    ],
  },
  { name: "sunny & <dry>", type: ShapeType.TAG, attributes: [], sublabels: [] },
];

export const FIXTURE_FRAMES: InterchangeFrame[] = [
  { index: 0, name: "a.jpg", width: 100, height: 50 },
  { index: 1, name: "dir/b.png", width: 20, height: 10 },
  { index: 2, name: "empty.jpg", width: 8, height: 8 },
];

export function shape(
  frameName: string,
  label: string,
  type: InterchangeShape["type"],
  extra: Partial<InterchangeShape> = {},
): InterchangeShape {
  return {
    frameName,
    label,
    type,
    points: [],
    mask: null,
    score: null,
    attributes: [],
    occluded: false,
    outside: false,
    elements: [],
    source: AnnotationSource.MANUAL,
    ...extra,
  };
}

/** One shape of each type: a box with attributes and a score, a polygon, a polyline, points, a mask, a skeleton, a tag. */
export const FIXTURE_SHAPES: InterchangeShape[] = [
  shape("a.jpg", "car", ShapeType.RECTANGLE, {
    points: [10, 5, 30.5, 25],
    score: 0.75,
    source: AnnotationSource.AUTO,
    occluded: true,
    attributes: [
      { name: "color", value: "blue" },
      { name: "note", value: 'a "quoted" <note> & more' },
    ],
  }),
  shape("a.jpg", "lake", ShapeType.POLYGON, { points: [0, 0, 10, 0, 10, 10, 0, 10] }),
  shape("a.jpg", "lane", ShapeType.POLYLINE, { points: [1, 1, 5, 5, 9, 1] }),
  shape("a.jpg", "eyes", ShapeType.POINTS, { points: [3, 4, 6, 4] }),
  // A 3×2 box at (2, 1): rows "0 1 1" and "1 1 0".
  shape("dir/b.png", "road", ShapeType.MASK, { mask: { counts: [1, 3, 2], left: 2, top: 1, right: 4, bottom: 2 } }),
  shape("dir/b.png", "person", ShapeType.SKELETON, {
    elements: [
      shape("dir/b.png", "head", ShapeType.POINTS, { points: [5, 2] }),
      shape("dir/b.png", "foot", ShapeType.POINTS, { points: [6, 9], occluded: true }),
      shape("dir/b.png", "hand", ShapeType.POINTS, { points: [1, 1], outside: true }),
    ],
  }),
  shape("dir/b.png", "sunny & <dry>", ShapeType.TAG),
];

export function fixtureSource(shapes: InterchangeShape[] = FIXTURE_SHAPES): ExportSource {
  return {
    taskName: "fixture <task>",
    header: { labels: FIXTURE_LABELS, frames: FIXTURE_FRAMES },
    shapes: (async function* () {
      yield* shapes;
    })(),
  };
}

export async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let text = "";
  for await (const c of chunks) text += c;
  return text;
}

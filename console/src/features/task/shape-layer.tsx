import { memo, useCallback, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { labelColor } from "./label-color.js";
import { decodeMaskRle, maskToPath } from "./mask-rle.decoder.js";
import { pointPairs, pointsToPath, rectangleBox } from "./points.path.js";
import type { Annotation, AnnotationShape } from "./task.api.js";

export function formatScore(score: number | null): string {
  return score === null ? "none" : score.toFixed(2);
}

/** The shape's accessible name: "face rectangle, score 0.93". */
export function shapeName(a: AnnotationShape): string {
  const score = a.score === null ? "" : `, score ${formatScore(a.score)}`;
  return `${a.label.name} ${a.type.toLowerCase()}${score}`;
}

/** What a shape draws, derived from its annotation once (filters re-mount shapes; annotations are immutable). */
interface Derived {
  name: string;
  /** RECTANGLE: the rect's geometry. */
  box?: { x: number; y: number; width: number; height: number };
  /** POLYGON, POLYLINE, MASK: the path; null for a mask that cannot be decoded. */
  d?: string | null;
}

const derivedCache = new WeakMap<Annotation, Derived>();

function derive(a: Annotation): Derived {
  let derived = derivedCache.get(a);
  if (derived) return derived;
  derived = { name: shapeName(a) };
  if (a.type === "RECTANGLE") derived.box = rectangleBox(a.points);
  else if (a.type === "POLYGON" || a.type === "POLYLINE") derived.d = pointsToPath(a.points, a.type === "POLYGON");
  else if (a.type === "MASK") derived.d = maskPath(a);
  derivedCache.set(a, derived);
  return derived;
}

function maskPath(a: Annotation): string | null {
  if (!a.mask) return null;
  try {
    return maskToPath(decodeMaskRle(a.mask));
  } catch {
    return null;
  }
}

/** The keys that move the roving tab stop: by one shape, or to the first / last. */
const MOVES: Record<string, (index: number, count: number) => number> = {
  ArrowRight: (i, n) => Math.min(i + 1, n - 1),
  ArrowDown: (i, n) => Math.min(i + 1, n - 1),
  ArrowLeft: (i) => Math.max(i - 1, 0),
  ArrowUp: (i) => Math.max(i - 1, 0),
  Home: () => 0,
  End: (_i, n) => n - 1,
};

export interface ShapeLayerProps {
  shapes: readonly Annotation[];
  /** max(width, height) of the frame: points are drawn with a radius relative to it. */
  frameSize: number;
  /** A shape pointed at or focused (its id). Must be stable (a state setter): the layer is memoised on it. */
  onActivate: (id: string) => void;
}

/**
 * Every shape of a frame, drawn for speed with a thousand of them (issue 12: ≤ 50 ms):
 * - one `<g>` per label carries the colour (SVG `fill` and `stroke` inherit), and the rest of the look (opacity, stroke
 *   width, `vector-effect`, dashes for occluded shapes) comes from styles.css, so a shape has no presentation
 *   attributes of its own (and the strict CSP allows no generated stylesheet for arbitrary label names);
 * - a rectangle, polygon, polyline or mask is one element (role, name and tab stop on the geometry itself); points and
 *   skeletons are a `<g>` of circles;
 * - a roving tab stop: one shape is in the page's tab order, arrow keys move between shapes, Home and End go to the
 *   first and last (a thousand tab stops would make the page unusable with a keyboard, and cost attributes);
 * - memoised: hovering (the details panel's state) re-renders nothing here, and moving the tab stop re-renders two
 *   shapes.
 */
export const ShapeLayer = memo(function ShapeLayer({ shapes, frameSize, onActivate }: ShapeLayerProps) {
  const radius = Math.max(2, frameSize / 200);
  const layer = useRef<SVGGElement>(null);
  const [tabStop, setTabStop] = useState<string | null>(null);
  const groups = useMemo(() => groupByLabel(shapes), [shapes]);
  // The focused shape keeps the tab stop while it is shown; otherwise the first shape drawn has it.
  const tabbable = tabStop !== null && shapes.some((a) => a.id === tabStop) ? tabStop : (groups[0]?.shapes[0]?.id ?? null);

  const focusShape = useCallback(
    (id: string) => {
      setTabStop(id);
      onActivate(id);
    },
    [onActivate],
  );

  const onKeyDown = (e: KeyboardEvent<SVGGElement>) => {
    const move = MOVES[e.key];
    if (!move || !layer.current || e.altKey || e.ctrlKey || e.metaKey) return;
    // Document order: shapes grouped by label, as drawn.
    const all = Array.from(layer.current.querySelectorAll<SVGElement>('[role="img"]'));
    const index = all.indexOf(e.target as SVGElement);
    if (index < 0) return;
    e.preventDefault();
    all[move(index, all.length)].focus();
  };

  return (
    <g ref={layer} className="frame-viewer-shapes" onKeyDown={onKeyDown}>
      {groups.map(({ labelId, color, shapes: ofLabel }) => (
        <g key={labelId} fill={color} stroke={color}>
          {ofLabel.map((a) => (
            <Shape key={a.id} annotation={a} radius={radius} tabbable={a.id === tabbable} onActivate={onActivate} onFocus={focusShape} />
          ))}
        </g>
      ))}
    </g>
  );
});

interface LabelGroup {
  labelId: string;
  color: string;
  shapes: Annotation[];
}

/** Shapes by label, labels in the order their first shape comes (shapes keep their order within a label). */
function groupByLabel(shapes: readonly Annotation[]): LabelGroup[] {
  const groups = new Map<string, LabelGroup>();
  for (const a of shapes) {
    let group = groups.get(a.label.id);
    if (!group) {
      group = { labelId: a.label.id, color: labelColor(a.label.name), shapes: [] };
      groups.set(a.label.id, group);
    }
    group.shapes.push(a);
  }
  return [...groups.values()];
}

interface ShapeProps {
  annotation: Annotation;
  radius: number;
  tabbable: boolean;
  onActivate: (id: string) => void;
  onFocus: (id: string) => void;
}

const Shape = memo(function Shape({ annotation: a, radius, tabbable, onActivate, onFocus }: ShapeProps): ReactNode {
  const derived = derive(a);
  const common = {
    "data-type": a.type,
    role: "img",
    tabIndex: tabbable ? 0 : -1,
    "aria-label": derived.name,
    onMouseEnter: () => onActivate(a.id),
    onFocus: () => onFocus(a.id),
  };
  const occluded = a.occluded ? "occluded" : undefined;
  switch (a.type) {
    case "RECTANGLE":
      return <rect {...common} className={occluded} {...derived.box} />;
    case "POLYGON":
      return <path {...common} className={occluded} d={derived.d ?? ""} />;
    case "POLYLINE":
      return <path {...common} className={a.occluded ? "polyline occluded" : "polyline"} d={derived.d ?? ""} />;
    case "MASK":
      // An undecodable mask is still listed (focusable, with its details) but draws nothing.
      return derived.d === null ? (
        <path {...common} className="mask" d="">
          <title>mask could not be decoded</title>
        </path>
      ) : (
        <path {...common} className="mask" d={derived.d} />
      );
    case "POINTS":
      return (
        <g {...common} className={occluded}>
          <Points points={a.points} radius={radius} />
        </g>
      );
    case "SKELETON":
      // The API exposes no skeleton edges (Label has no edge list), so only the points are drawn.
      return (
        <g {...common} className={occluded}>
          {a.elements
            .filter((e) => !e.outside)
            .map((e) => (
              <g key={e.id} data-type="SKELETON_POINT">
                <title>{e.label.name}</title>
                <Points points={e.points} radius={radius} />
              </g>
            ))}
        </g>
      );
    default:
      return null;
  }
});

function Points({ points, radius }: { points: readonly number[]; radius: number }) {
  return (
    <>
      {pointPairs(points).map(([x, y], i) => (
        <circle key={i} cx={x} cy={y} r={radius} />
      ))}
    </>
  );
}

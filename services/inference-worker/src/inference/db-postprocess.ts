import { clipMaskToFrame, dilateMask, resampleMaskNearest, type PlacedMask } from "./binary-mask.js";
import { componentMask, labelComponents } from "./connected-components.js";
import { traceOuterContour } from "./contour.js";
import type { Box, MaskRle } from "./detection-model.js";
import { encodeMaskRle } from "./mask-rle.js";
import { polygonArea, polygonPerimeter, type Point } from "./polygon.js";
import { simplifyOutline } from "./polygon-simplify.js";

/** A DB head's per-pixel text probability, at model input resolution. */
export interface ProbabilityMap {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

export interface DbPostprocessOptions {
  /** Regions whose mean probability is below this are dropped (PaddleOCR's box_thresh). */
  readonly scoreThreshold: number;
  readonly returnMasks: boolean;
  /** Size of the original image the map was computed from; results are scaled to it. */
  readonly imageWidth: number;
  readonly imageHeight: number;
  /** PaddleOCR defaults below. */
  readonly binaryThreshold?: number;
  readonly unclipRatio?: number;
  readonly minSize?: number;
  readonly maxCandidates?: number;
}

export interface TextRegion {
  score: number;
  box: Box;
  polygon: number[];
  mask?: MaskRle;
}

const DEFAULTS = { binaryThreshold: 0.3, unclipRatio: 1.5, minSize: 3, maxCandidates: 1000 } as const;

/**
 * DB (Differentiable Binarization) post-processing, polygon flavour, in the spirit of PaddleOCR's
 * DBPostProcess: binarise → components → score → unclip → contour → simplify → scale.
 *
 * Differences from PaddleOCR, on purpose:
 * - Regions are 8-connected components of the bitmap instead of OpenCV contours, and the score is the
 *   mean probability over the component's own pixels (PaddleOCR's "slow" mode uses the contour polygon).
 * - Unclip dilates the component's pixels by a disc of radius round(area·ratio/perimeter) instead of
 *   offsetting the polygon with Clipper; the result is the same shape up to one pixel of rounding.
 * - Masks are the unclipped region upscaled nearest-neighbour to the original image, so they match
 *   the region pixel for pixel rather than a re-rasterised, simplified polygon.
 */
export function dbPostprocess(map: ProbabilityMap, options: DbPostprocessOptions): TextRegion[] {
  const binaryThreshold = options.binaryThreshold ?? DEFAULTS.binaryThreshold;
  const unclipRatio = options.unclipRatio ?? DEFAULTS.unclipRatio;
  const minSize = options.minSize ?? DEFAULTS.minSize;
  const maxCandidates = options.maxCandidates ?? DEFAULTS.maxCandidates;
  const { width, height, data } = map;
  const scaleX = options.imageWidth / width;
  const scaleY = options.imageHeight / height;

  // Compared in float32, as numpy compares PaddleOCR's float32 map with 0.3: in double precision
  // a stored 0.3f (0.30000001…) would count as above 0.3.
  const cut = Math.fround(binaryThreshold);
  const bitmap = new Uint8Array(width * height);
  for (let i = 0; i < bitmap.length; i++) bitmap[i] = data[i] > cut ? 1 : 0;
  const labelled = labelComponents({ width, height, data: bitmap });

  const regions: TextRegion[] = [];
  for (const component of labelled.components.slice(0, maxCandidates)) {
    const sideW = component.right - component.left + 1;
    const sideH = component.bottom - component.top + 1;
    if (Math.min(sideW, sideH) < minSize) continue;

    const score = meanProbability(map, labelled.labels, component.label, component);
    if (score < options.scoreThreshold) continue;

    const core = componentMask(labelled, component);
    const coreOutline = simplifyOutline(traceOuterContour(core));
    const perimeter = polygonPerimeter(coreOutline);
    if (perimeter === 0) continue;
    const radius = Math.round((polygonArea(coreOutline) * unclipRatio) / perimeter);

    const dilated = dilateMask(core, radius);
    const region = clipMaskToFrame({ ...dilated, left: core.left - radius, top: core.top - radius }, width, height);
    if (!region || Math.min(region.width, region.height) < minSize + 2) continue;

    const outline = simplifyOutline(traceOuterContour(region));
    if (outline.length < 3) continue;

    const textRegion: TextRegion = {
      score,
      box: scaleBox(region, scaleX, scaleY, options.imageWidth, options.imageHeight),
      polygon: scalePolygon(outline, region, scaleX, scaleY, options.imageWidth, options.imageHeight),
    };
    if (options.returnMasks) {
      const upscaled = resampleMaskNearest(region, scaleX, scaleY, options.imageWidth, options.imageHeight);
      if (!upscaled || !upscaled.data.includes(1)) continue;
      textRegion.mask = encodeMaskRle(upscaled);
    }
    regions.push(textRegion);
  }
  return regions.sort((a, b) => b.score - a.score);
}

function meanProbability(
  map: ProbabilityMap,
  labels: Int32Array,
  label: number,
  bounds: { left: number; top: number; right: number; bottom: number },
): number {
  let sum = 0;
  let count = 0;
  for (let y = bounds.top; y <= bounds.bottom; y++) {
    for (let x = bounds.left; x <= bounds.right; x++) {
      const i = y * map.width + x;
      if (labels[i] === label) {
        sum += map.data[i];
        count++;
      }
    }
  }
  return count === 0 ? 0 : sum / count;
}

function scalePolygon(
  outline: readonly Point[],
  offset: PlacedMask,
  scaleX: number,
  scaleY: number,
  imageWidth: number,
  imageHeight: number,
): number[] {
  const flat: number[] = [];
  for (const p of outline) {
    flat.push(
      roundCoordinate(clamp((p.x + offset.left) * scaleX, 0, imageWidth)),
      roundCoordinate(clamp((p.y + offset.top) * scaleY, 0, imageHeight)),
    );
  }
  return flat;
}

function scaleBox(region: PlacedMask, scaleX: number, scaleY: number, imageWidth: number, imageHeight: number): Box {
  return [
    roundCoordinate(clamp(region.left * scaleX, 0, imageWidth)),
    roundCoordinate(clamp(region.top * scaleY, 0, imageHeight)),
    roundCoordinate(clamp((region.left + region.width) * scaleX, 0, imageWidth)),
    roundCoordinate(clamp((region.top + region.height) * scaleY, 0, imageHeight)),
  ];
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
// Hundredths of a pixel are far below annotation precision and keep messages short.
const roundCoordinate = (v: number): number => Math.round(v * 100) / 100;

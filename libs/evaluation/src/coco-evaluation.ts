// COCO detection metrics with pycocotools' COCOeval semantics (evaluate → evaluateImg → accumulate), for one area range
// ("all") and one detection cap, plus what COCOeval does not give: a precision/recall curve over score thresholds, the
// F1-best threshold and precision/recall/F1 at a chosen threshold, all at IoU 0.5.
import type {
  CategoryEvaluation,
  DetectedObject,
  EvaluateOptions,
  EvaluationResult,
  GroundTruthObject,
  PrCurvePoint,
} from "./evaluation.types.js";
import { rasterizePolygon, type PixelMask } from "./polygon-mask.js";
import { boxIou, COCO_KEYPOINT_SIGMAS, maskIou, oks } from "./similarity.js";

// np.linspace(.5, .95, 10) and np.linspace(0, 1, 101) to the last bit, so that ties fall as in pycocotools.
const IOU_STEP = (0.95 - 0.5) / 9;
export const IOU_THRESHOLDS: readonly number[] = Array.from({ length: 10 }, (_, i) => (i === 9 ? 0.95 : i * IOU_STEP + 0.5));
export const RECALL_THRESHOLDS: readonly number[] = Array.from({ length: 101 }, (_, i) => (i === 100 ? 1 : i * 0.01));
const T50 = 0;
const T75 = 5;
/** COCOeval's area range "all". */
const AREA_ALL: readonly [number, number] = [0, 1e5 ** 2];
const EPSILON = 2.220446049250313e-16; // np.spacing(1), in pycocotools' precision
export const MAX_CURVE_POINTS = 101;

interface Prepared {
  imageId: string;
  categoryId: string;
  box: [number, number, number, number];
  area: number;
  mask?: PixelMask;
  keypoints?: { x: number; y: number; visible: boolean }[];
}
interface PreparedTruth extends Prepared {
  crowd: boolean;
  ignore: boolean;
}
interface PreparedDetection extends Prepared {
  score: number;
}

/** One image's result for one category (evaluateImg): detections in score order, capped. */
interface ImageResult {
  scores: number[];
  /** [threshold][detection] matched to a ground-truth object. */
  matched: boolean[][];
  /** [threshold][detection] matched to an ignored one (crowd), or unmatched and outside the area range. */
  ignored: boolean[][];
  countedTruth: number;
}

export function evaluate(groundTruth: GroundTruthObject[], detections: DetectedObject[], options: EvaluateOptions): EvaluationResult {
  const maxDetections = options.maxDetections ?? 100;
  if (!Number.isInteger(maxDetections) || maxDetections < 1) {
    throw new RangeError(`maxDetections must be a positive integer, got ${maxDetections}`);
  }
  const sigmas = options.keypointSigmas ?? COCO_KEYPOINT_SIGMAS;
  if (options.iouType === "keypoints" && (sigmas.length === 0 || sigmas.some((s) => !(s > 0)))) {
    throw new RangeError("keypointSigmas must be positive numbers");
  }
  const truths = groundTruth.map((g, i) => {
    const p = prepare(g, options, sigmas, `groundTruth[${i}]`);
    const crowd = g.crowd === true;
    // COCOeval ignores crowd regions, and for keypoints a skeleton without a labelled point (num_keypoints 0).
    const noVisiblePoint = options.iouType === "keypoints" && !p.keypoints!.some((k) => k.visible);
    return { ...p, crowd, ignore: crowd || noVisiblePoint };
  });
  const dets = detections.map((d, i) => {
    if (!Number.isFinite(d.score)) throw new RangeError(`detections[${i}].score must be a finite number`);
    return { ...prepare(d, options, sigmas, `detections[${i}]`), score: d.score };
  });
  const truthBy = groupBy(truths);
  const detBy = groupBy(dets);
  const categoryIds = sortIds(new Set([...truths, ...dets].map((o) => o.categoryId)));
  const imageIds = sortIds(new Set([...truths, ...dets].map((o) => o.imageId)));

  const categories = categoryIds.map((categoryId) => {
    const results: ImageResult[] = [];
    for (const imageId of imageIds) {
      const key = `${categoryId}\u0000${imageId}`;
      const t = truthBy.get(key) ?? [];
      const d = detBy.get(key) ?? [];
      if (t.length === 0 && d.length === 0) continue;
      results.push(evaluateImage(t, d, maxDetections, options, sigmas));
    }
    return accumulate(categoryId, results, options.operatingThresholds?.[categoryId]);
  });
  const aps = categories.map((c) => c.ap).filter((v): v is number => v !== null);
  const ap50s = categories.map((c) => c.ap50).filter((v): v is number => v !== null);
  return { categories, meanAp: mean(aps), meanAp50: mean(ap50s) };
}

function prepare(o: GroundTruthObject | DetectedObject, options: EvaluateOptions, sigmas: readonly number[], path: string): Prepared {
  const box = o.box;
  if (!Array.isArray(box) || box.length !== 4 || !box.every(Number.isFinite) || box[2] < box[0] || box[3] < box[1]) {
    throw new RangeError(`${path}.box must be finite [x1, y1, x2, y2] with x2 >= x1 and y2 >= y1`);
  }
  if (o.polygon && (o.polygon.length < 6 || o.polygon.length % 2 !== 0 || !o.polygon.every(Number.isFinite))) {
    throw new RangeError(`${path}.polygon must be at least 3 finite x, y pairs`);
  }
  if (o.area !== undefined && !(Number.isFinite(o.area) && o.area >= 0)) {
    throw new RangeError(`${path}.area must be a finite number >= 0`);
  }
  const area = o.area ?? (o.polygon ? polygonArea(o.polygon) : (box[2] - box[0]) * (box[3] - box[1]));
  const prepared: Prepared = { imageId: String(o.imageId), categoryId: String(o.categoryId), box: [...box], area };
  if (options.iouType === "segm") {
    // Without a polygon the box is the shape, as pycocotools' loadRes makes a box result's segmentation.
    const [x1, y1, x2, y2] = box;
    prepared.mask = rasterizePolygon(o.polygon ?? [x1, y1, x1, y2, x2, y2, x2, y1]);
  }
  if (options.iouType === "keypoints") {
    const k = o.keypoints;
    if (!k || k.length !== sigmas.length || !k.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y))) {
      throw new RangeError(`${path}.keypoints must be ${sigmas.length} finite points (one per sigma)`);
    }
    prepared.keypoints = k;
  }
  return prepared;
}

/** Shoelace area of a flat x, y polygon. */
export function polygonArea(xy: readonly number[]): number {
  let twice = 0;
  const n = xy.length / 2;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    twice += xy[2 * i] * xy[2 * j + 1] - xy[2 * j] * xy[2 * i + 1];
  }
  return Math.abs(twice) / 2;
}

function groupBy<T extends Prepared>(objects: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const o of objects) {
    const key = `${o.categoryId}\u0000${o.imageId}`;
    const list = map.get(key);
    if (list) list.push(o);
    else map.set(key, [o]);
  }
  return map;
}

/** Ids in numeric order when both are integers (pycocotools' ids are), else in code-unit order. */
function compareIds(a: string, b: string): number {
  const integer = /^-?\d+$/;
  if (integer.test(a) && integer.test(b)) {
    const diff = Number(a) - Number(b);
    if (diff !== 0) return diff;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
const sortIds = (ids: Set<string>): string[] => [...ids].sort(compareIds);

/** Stable sort, highest score first (numpy's mergesort on −score). */
const byScore = <T extends { score: number }>(items: T[]): T[] =>
  items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => b.item.score - a.item.score || a.index - b.index)
    .map((x) => x.item);

function similarity(d: PreparedDetection, g: PreparedTruth, options: EvaluateOptions, sigmas: readonly number[]): number {
  switch (options.iouType) {
    case "bbox":
      return boxIou(d.box, g.box, g.crowd);
    case "segm": {
      // Masks whose spans do not overlap share no pixel (rleIou's bbIou pre-check).
      const [a, b] = [d.mask!.bounds, g.mask!.bounds];
      if (a[0] >= b[2] || b[0] >= a[2] || a[1] >= b[3] || b[1] >= a[3]) return 0;
      return maskIou(d.mask!, d.mask!.area, g.mask!, g.mask!.area, g.crowd);
    }
    case "keypoints":
      return oks(d.keypoints!, { keypoints: g.keypoints!, box: g.box, area: g.area }, sigmas);
  }
}

/** COCOeval.evaluateImg for one image and category. */
function evaluateImage(
  truthsIn: PreparedTruth[],
  detectionsIn: PreparedDetection[],
  maxDetections: number,
  options: EvaluateOptions,
  sigmas: readonly number[],
): ImageResult {
  const outside = (area: number): boolean => area < AREA_ALL[0] || area > AREA_ALL[1];
  // Ground truth that is ignored goes last (stable), detections highest score first, capped.
  const truthIgnored = (g: PreparedTruth): boolean => g.ignore || outside(g.area);
  const truths = [...truthsIn.filter((g) => !truthIgnored(g)), ...truthsIn.filter(truthIgnored)];
  const gtIgnore = truths.map(truthIgnored);
  const dets = byScore(detectionsIn).slice(0, maxDetections);
  // pycocotools' computeOks gives no OKS at all to an image without ground truth; nothing can match either way.
  const ious = dets.map((d) => truths.map((g) => similarity(d, g, options, sigmas)));

  const matched: boolean[][] = [];
  const ignored: boolean[][] = [];
  for (const t of IOU_THRESHOLDS) {
    const truthTaken = truths.map(() => false);
    const dMatched = dets.map(() => false);
    const dIgnored = dets.map(() => false);
    dets.forEach((_, di) => {
      let best = Math.min(t, 1 - 1e-10);
      let m = -1;
      for (let gi = 0; gi < truths.length; gi++) {
        // A matched object is taken, except a crowd region, which absorbs any number of detections.
        if (truthTaken[gi] && !truths[gi].crowd) continue;
        // Matched to a counted object already: ignored ones (after it in order) cannot do better.
        if (m > -1 && !gtIgnore[m] && gtIgnore[gi]) break;
        if (ious[di][gi] < best) continue;
        best = ious[di][gi];
        m = gi;
      }
      if (m === -1) return;
      dIgnored[di] = gtIgnore[m];
      dMatched[di] = true;
      truthTaken[m] = true;
    });
    // An unmatched detection outside the area range is ignored too (never, for "all", bar absurd areas).
    dets.forEach((d, di) => {
      if (!dMatched[di] && outside(d.area)) dIgnored[di] = true;
    });
    matched.push(dMatched);
    ignored.push(dIgnored);
  }
  return { scores: dets.map((d) => d.score), matched, ignored, countedTruth: gtIgnore.filter((x) => !x).length };
}

/** COCOeval.accumulate for one category, then the curve and thresholds at IoU 0.5. */
function accumulate(categoryId: string, results: ImageResult[], operatingThreshold: number | undefined): CategoryEvaluation {
  // Images in id order, each's detections in score order: the stable sort keeps that order among equal scores.
  const all = results.flatMap((r, ri) => r.scores.map((score, di) => ({ score, ri, di })));
  const order = byScore(all);
  const npig = results.reduce((n, r) => n + r.countedTruth, 0);
  const base = { categoryId, groundTruthCount: npig, detectionCount: order.length };
  if (npig === 0) {
    return { ...base, ap: null, ap50: null, ap75: null, curve: [], bestF1: null, atThreshold: null };
  }
  const perThreshold = IOU_THRESHOLDS.map((_, t) => {
    let tp = 0;
    let fp = 0;
    const tps: number[] = [];
    const fps: number[] = [];
    for (const { ri, di } of order) {
      if (!results[ri].ignored[t][di]) {
        if (results[ri].matched[t][di]) tp++;
        else fp++;
      }
      tps.push(tp);
      fps.push(fp);
    }
    return { tps, fps };
  });
  const apAt = perThreshold.map(({ tps, fps }) => interpolatedAp(tps, fps, npig));
  const ap = apAt.reduce((a, b) => a + b, 0) / apAt.length;

  // At IoU 0.5: the counts after the last detection of each distinct score are those of "score ≥ that threshold".
  const { tps, fps } = perThreshold[T50];
  const points: (PrCurvePoint & { f1: number })[] = [];
  for (let i = 0; i < order.length; i++) {
    if (i + 1 < order.length && order[i + 1].score === order[i].score) continue;
    // Only detections on crowd regions kept so far: no precision to plot yet.
    if (tps[i] + fps[i] === 0) continue;
    points.push({ threshold: order[i].score, ...rates(tps[i], fps[i], npig) });
  }
  let bestF1: CategoryEvaluation["bestF1"] = null;
  for (const p of points) {
    // Strictly greater: among equal F1s the highest threshold (fewest detections) wins.
    if (p.f1 > 0 && (bestF1 === null || p.f1 > bestF1.f1)) {
      bestF1 = { threshold: p.threshold, f1: p.f1, precision: p.precision, recall: p.recall };
    }
  }
  let atThreshold: CategoryEvaluation["atThreshold"] = null;
  if (operatingThreshold !== undefined) {
    let kept = 0;
    while (kept < order.length && order[kept].score >= operatingThreshold) kept++;
    const r = kept === 0 ? rates(0, 0, npig) : rates(tps[kept - 1], fps[kept - 1], npig);
    atThreshold = { threshold: operatingThreshold, ...r };
  }
  return {
    ...base,
    ap,
    ap50: apAt[T50],
    ap75: apAt[T75],
    curve: thin(points).map(({ threshold, precision, recall }) => ({ threshold, precision, recall })),
    bestF1,
    atThreshold,
  };
}

/** Precision is 0 when no counted detection is kept (pycocotools' tp / (tp + fp + ε)). */
function rates(tp: number, fp: number, npig: number): { precision: number; recall: number; f1: number } {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp / npig;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** COCO's 101-point interpolated AP from cumulative true/false positives (detections in score order). */
function interpolatedAp(tps: number[], fps: number[], npig: number): number {
  const nd = tps.length;
  const rc = tps.map((tp) => tp / npig);
  const pr = tps.map((tp, i) => tp / (fps[i] + tp + EPSILON));
  // Precision made non-increasing in recall (the envelope).
  for (let i = nd - 1; i > 0; i--) if (pr[i] > pr[i - 1]) pr[i - 1] = pr[i];
  let sum = 0;
  let i = 0;
  for (const r of RECALL_THRESHOLDS) {
    // searchsorted(rc, r, "left"): the first detection reaching recall r; none → precision 0 from there on.
    while (i < nd && rc[i] < r) i++;
    if (i === nd) break;
    sum += pr[i];
  }
  return sum / RECALL_THRESHOLDS.length;
}

/** Keeps at most MAX_CURVE_POINTS, evenly spaced over the points, the first and last included. */
function thin<T>(points: T[]): T[] {
  if (points.length <= MAX_CURVE_POINTS) return points;
  const step = (points.length - 1) / (MAX_CURVE_POINTS - 1);
  return Array.from({ length: MAX_CURVE_POINTS }, (_, i) => points[Math.round(i * step)]);
}

const mean = (values: number[]): number | null => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);

import type { Box, Detection } from "../detection-model.js";
import { boxArea, iou } from "../geometry/box-geometry.js";

/** One run of the model: on the whole frame (no `tile`) or on one tile, its detections already in frame pixels. */
export interface TilePass {
  readonly detections: readonly Detection[];
  readonly tile?: Box;
}

export interface TileMergeOptions {
  readonly merge: "nms" | "wbf";
  readonly frameWidth: number;
  readonly frameHeight: number;
  /** Two boxes of a class overlapping above this IoU are one object (default 0.5). */
  readonly iou?: number;
}

/**
 * A box within this fraction of the tile's side from an edge of the tile that lies inside the frame is cut by it
 * (partial): a whole box from another pass describes the object better.
 */
const CUT_MARGIN = 0.02;
/**
 * A partial box lying this much (its intersection over its own area) inside another box of its class is a piece of
 * that object: a cut piece overlaps the whole box by IoU well under 0.5 when the cut takes most of it.
 */
const PIECE_CONTAINMENT = 0.7;
/** Two pieces cut by facing tile edges are one object when their extents along the cut agree this well (1-D IoU). */
const PIECE_ALIGNMENT = 0.6;

interface Candidate {
  readonly d: Detection;
  readonly pass: number;
  readonly tile?: Box;
  /** The tile edges (inside the frame) this detection is cut by. */
  readonly cuts: readonly Side[];
  readonly partial: boolean;
  /** Score-less detections (a Nuclio function's) rank and weigh as certain ones. */
  readonly weight: number;
}

/**
 * Merges the passes of a tiled frame into one set, class by class (a person and the bicycle under them both stay):
 * - tags come from the whole-frame pass only (a tile's classification is not the frame's);
 * - candidates are clustered greedily, boxes not cut by a tile edge first, then by score: a candidate joins the first
 *   cluster whose leader it overlaps by IoU above `iou`, or, if one of the two is partial, whose box contains most of
 *   the partial one;
 * - each cluster becomes one detection. "nms": the best whole (uncut) member, else the best member. "wbf" (weighted
 *   boxes fusion, Solovyev et al.): the score-weighted mean box of the whole members; score = mean member score ×
 *   min(T, N) / N, T the passes that found it, N the passes that saw its place (the whole frame and every tile holding
 *   its centre); polygons, masks, points and keypoints stay the best member's (they cannot be averaged).
 * A cluster of only cut pieces from two or more tiles (an object larger than the overlap that no pass saw whole)
 * gets the union of their boxes: the object spans the cut.
 */
export function mergeTilePasses(passes: readonly TilePass[], options: TileMergeOptions): Detection[] {
  const iouThreshold = options.iou ?? 0.5;
  const tags: Detection[] = [];
  const byLabel = new Map<string, Candidate[]>();
  passes.forEach((p, pass) => {
    const tile = p.tile;
    for (const d of p.detections) {
      if (d.kind === "tag") {
        if (!tile) tags.push(d);
        continue;
      }
      const cuts = tile ? cutSides(d.box, tile, options.frameWidth, options.frameHeight) : [];
      const candidate: Candidate = { d, pass, ...(tile ? { tile } : {}), cuts, partial: cuts.length > 0, weight: d.score ?? 1 };
      const group = byLabel.get(d.label);
      if (group) group.push(candidate);
      else byLabel.set(d.label, [candidate]);
    }
  });

  const merged: Detection[] = [];
  for (const candidates of byLabel.values()) {
    for (const cluster of clusters(candidates, iouThreshold)) {
      merged.push(options.merge === "wbf" ? fuse(cluster, passes) : representative(cluster));
    }
  }
  merged.sort((a, b) => (b.score ?? 1) - (a.score ?? 1));
  return [...tags, ...merged];
}

function clusters(candidates: Candidate[], iouThreshold: number): Candidate[][] {
  const order = [...candidates].sort((a, b) => Number(a.partial) - Number(b.partial) || b.weight - a.weight);
  const found: Candidate[][] = [];
  for (const c of order) {
    const home = found.find((cluster) => sameObject(cluster[0], c, iouThreshold));
    if (home) home.push(c);
    else found.push([c]);
  }
  return found;
}

function sameObject(a: Candidate, b: Candidate, iouThreshold: number): boolean {
  if (iou(a.d.box, b.d.box) > iouThreshold) return true;
  if (!a.partial && !b.partial) return false;
  const inter = intersectionArea(a.d.box, b.d.box);
  const pieces = [a, b].filter((c) => c.partial).map((c) => boxArea(c.d.box));
  const piece = Math.min(...pieces);
  if (piece > 0 && inter / piece >= PIECE_CONTAINMENT) return true;
  return a.partial && b.partial && a.pass !== b.pass && (continues(a, b) || continues(b, a));
}

type Side = "left" | "top" | "right" | "bottom";

function cutSides(box: Box, tile: Box, width: number, height: number): Side[] {
  const margin = CUT_MARGIN * (tile[2] - tile[0]);
  const sides: Side[] = [];
  if (tile[0] > 0 && box[0] <= tile[0] + margin) sides.push("left");
  if (tile[1] > 0 && box[1] <= tile[1] + margin) sides.push("top");
  if (tile[2] < width && box[2] >= tile[2] - margin) sides.push("right");
  if (tile[3] < height && box[3] >= tile[3] - margin) sides.push("bottom");
  return sides;
}

/**
 * Two pieces of one object cut by facing edges of overlapping tiles (a tall person across a row of tiles: the upper tile
 * sees the top half, the lower one the bottom half, each cut where its tile ends): `b` runs across the line `a` is cut at,
 * `a` runs across `b`'s, and along that line their extents agree (1-D IoU ≥ PIECE_ALIGNMENT).
 */
function continues(a: Candidate, b: Candidate): boolean {
  const [ta, tb] = [a.tile, b.tile];
  if (!ta || !tb) return false;
  const [ab, bb] = [a.d.box, b.d.box];
  for (const side of a.cuts) {
    const horizontal = side === "top" || side === "bottom";
    const line = { left: ta[0], top: ta[1], right: ta[2], bottom: ta[3] }[side];
    const across = horizontal ? bb[1] < line && bb[3] > line : bb[0] < line && bb[2] > line;
    if (!across) continue;
    const facing = { left: "right", right: "left", top: "bottom", bottom: "top" }[side] as Side;
    if (!b.cuts.includes(facing)) continue;
    const backLine = { left: tb[0], top: tb[1], right: tb[2], bottom: tb[3] }[facing];
    const back = horizontal ? ab[1] < backLine && ab[3] > backLine : ab[0] < backLine && ab[2] > backLine;
    const along = horizontal ? overlap1d(ab[0], ab[2], bb[0], bb[2]) : overlap1d(ab[1], ab[3], bb[1], bb[3]);
    if (back && along >= PIECE_ALIGNMENT) return true;
  }
  return false;
}

function overlap1d(a1: number, a2: number, b1: number, b2: number): number {
  const inter = Math.min(a2, b2) - Math.max(a1, b1);
  const union = Math.max(a2, b2) - Math.min(a1, b1);
  return inter > 0 && union > 0 ? inter / union : 0;
}

function intersectionArea(a: Box, b: Box): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  return w > 0 && h > 0 ? w * h : 0;
}

/** The members whose box describes the object: the uncut ones, or every piece when all are cut. */
function wholeMembers(cluster: Candidate[]): Candidate[] {
  const whole = cluster.filter((c) => !c.partial);
  return whole.length ? whole : cluster;
}

/** Cut pieces only, found by two or more passes: the union of their boxes. */
function stitchedBox(cluster: Candidate[]): Box | undefined {
  if (cluster.some((c) => !c.partial) || new Set(cluster.map((c) => c.pass)).size < 2) return undefined;
  return [
    Math.min(...cluster.map((c) => c.d.box[0])),
    Math.min(...cluster.map((c) => c.d.box[1])),
    Math.max(...cluster.map((c) => c.d.box[2])),
    Math.max(...cluster.map((c) => c.d.box[3])),
  ];
}

function representative(cluster: Candidate[]): Detection {
  // Clusters are ordered whole first, then by score: the leader is the best whole member when there is one.
  const best = cluster[0].d;
  const stitched = stitchedBox(cluster);
  return stitched ? { ...best, box: stitched } : best;
}

function fuse(cluster: Candidate[], passes: readonly TilePass[]): Detection {
  const best = cluster[0].d;
  // Score-less detections: nothing to weigh or average; the leader stands for the cluster.
  if (cluster.some((c) => c.d.score === undefined)) return representative(cluster);
  const members = wholeMembers(cluster);
  const total = members.reduce((s, c) => s + c.weight, 0);
  const box = (stitchedBox(cluster) ?? [0, 1, 2, 3].map((i) => members.reduce((s, c) => s + c.weight * c.d.box[i], 0) / total)) as Box;
  const cx = (box[0] + box[2]) / 2;
  const cy = (box[1] + box[3]) / 2;
  const seenBy = passes.filter((p) => !p.tile || (cx >= p.tile[0] && cx < p.tile[2] && cy >= p.tile[1] && cy < p.tile[3])).length;
  const foundBy = new Set(cluster.map((c) => c.pass)).size;
  const meanScore = cluster.reduce((s, c) => s + c.weight, 0) / cluster.length;
  const score = (meanScore * Math.min(foundBy, seenBy)) / Math.max(1, seenBy);
  return { ...best, box, score };
}

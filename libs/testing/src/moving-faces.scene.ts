import { readFileSync } from "node:fs";
import { join } from "node:path";
import { encodeVideo, type FfmpegBinaries, type VideoEncoderCodec } from "@prelabel/video";
import sharp from "sharp";
import { facePhotosDir } from "./sample-photos.js";

/** [x1, y1, x2, y2] in frame pixels (the shape of libs/tracking's Box). */
export type SceneBox = readonly [number, number, number, number];

/** One frame's ground truth (the shape of libs/tracking's MotFrame): each face visible enough to be expected. */
export interface SceneTruthFrame {
  frame: number;
  objects: { id: string; box: SceneBox }[];
}

/**
 * A face cut out of face-api's demo photos, and where it goes. `photoBox` is the catalog face detector's box on the
 * full photo (face-detection-with-attributes, i.e. BlazeFace, at threshold 0.5; found once with the catalog and
 * written here), so the truth box is the detector's own idea of that face, moved and scaled.
 */
interface SceneFace {
  id: string;
  photo: number;
  photoBox: SceneBox;
  /** Side of the face box in the scene, px. */
  side: number;
  /** Centre of the face at time t ∈ [0, 1] (first to last frame), px; may leave the frame. */
  path(t: number): [number, number];
}

/** The patch around a face is this many times the face box's side: hair and chin give the detector context. */
const PATCH_SCALE = 1.6;

/** A face is in the truth of a frame when at least this fraction of its box is inside the frame and not covered. */
export const SCENE_VISIBLE_FRACTION = 0.5;

const W = 640;
const H = 360;

/**
 * Five faces on known paths over a blurred photo (drawn in this order; later ones cover earlier ones):
 * - "a" and "b" cross: a left → right, b right → left, 40 px apart vertically, so at the crossing b covers about
 *   45 % of a's box and their boxes have IoU ≈ 0.3 (where an IoU-only association can swap them);
 * - "c" drifts slowly at the bottom left, and "d" passes right → left in front of it: c is hidden for some frames;
 * - "e" leaves through the right edge and comes back (out of the truth for about a third of the clip).
 * Faces are 72–80 px: calibrated so the detector finds them (see the fixture's spec for the measured recall).
 */
const FACES: readonly SceneFace[] = [
  { id: "a", photo: 1, photoBox: [418, 409, 611, 601], side: 72, path: (t) => [70 + 500 * t, 115] },
  { id: "b", photo: 4, photoBox: [677, 126, 842, 291], side: 72, path: (t) => [570 - 500 * t, 155] },
  { id: "c", photo: 3, photoBox: [1070, 261, 1318, 509], side: 80, path: (t) => [130 + 60 * t, 282] },
  { id: "d", photo: 5, photoBox: [1419, 440, 1638, 659], side: 76, path: (t) => [600 - 520 * t, 286] },
  { id: "e", photo: 6, photoBox: [657, 380, 902, 625], side: 72, path: (t) => [470 + 280 * (1 - Math.abs(2 * t - 1)), 48] },
];

export interface MovingFacesSceneOptions {
  /** Default 75 (5 s at 15 fps). The paths scale with it: a longer scene is the same motion, slower. */
  frameCount?: number;
  fps?: number;
  /** Which faces ("a" … "e") the scene shows; default all five. */
  faces?: readonly string[];
}

export interface MovingFacesScene {
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly frameCount: number;
  /** Per frame, in order, the faces expected (visible fraction ≥ SCENE_VISIBLE_FRACTION), boxes clipped to the frame. */
  readonly truth: readonly SceneTruthFrame[];
  /** Frame i as raw RGB24 (width × height × 3). */
  frame(i: number): Buffer;
  /** Every frame, rendered one at a time. */
  frames(): Generator<Buffer>;
  /** The scene encoded with encodeVideo. */
  writeVideo(binaries: Pick<FfmpegBinaries, "ffmpeg">, out: string, codec?: VideoEncoderCodec): Promise<void>;
}

interface Patch {
  face: SceneFace;
  size: number;
  /** RGBA, size × size. */
  rgba: Buffer;
}

/** Geometry of face `f` at frame i: its patch's top-left corner and its (unclipped) face box. */
function place(f: SceneFace, i: number, frameCount: number): { left: number; top: number; size: number; box: SceneBox } {
  const t = frameCount > 1 ? i / (frameCount - 1) : 0;
  const [cx, cy] = f.path(t);
  const size = Math.round(f.side * PATCH_SCALE);
  const left = Math.round(cx - size / 2);
  const top = Math.round(cy - size / 2);
  const inset = (size - f.side) / 2;
  return { left, top, size, box: [left + inset, top + inset, left + inset + f.side, top + inset + f.side] };
}

/** Whether (x, y) is inside the feathered ellipse a patch at (left, top) shows (its opaque core). */
function insidePatch(x: number, y: number, p: { left: number; top: number; size: number }): boolean {
  const r = p.size / 2;
  const dx = (x - (p.left + r)) / (0.95 * r);
  const dy = (y - (p.top + r)) / r;
  return dx * dx + dy * dy <= 0.85;
}

/** The fraction of `box` (sampled on a 12 × 12 grid) inside the frame and not under a face drawn later. */
function visibleFraction(box: SceneBox, covers: { left: number; top: number; size: number }[]): number {
  let seen = 0;
  const n = 12;
  for (let gy = 0; gy < n; gy++) {
    for (let gx = 0; gx < n; gx++) {
      const x = box[0] + ((gx + 0.5) * (box[2] - box[0])) / n;
      const y = box[1] + ((gy + 0.5) * (box[3] - box[1])) / n;
      if (x < 0 || y < 0 || x >= W || y >= H) continue;
      if (!covers.some((c) => insidePatch(x, y, c))) seen++;
    }
  }
  return seen / (n * n);
}

function clip(box: SceneBox): SceneBox {
  return [Math.max(0, box[0]), Math.max(0, box[1]), Math.min(W, box[2]), Math.min(H, box[3])];
}

async function cutPatch(face: SceneFace): Promise<Patch> {
  const [x1, y1, x2, y2] = face.photoBox;
  const side = Math.max(x2 - x1, y2 - y1);
  const crop = Math.round(side * PATCH_SCALE);
  const size = Math.round(face.side * PATCH_SCALE);
  const left = Math.round((x1 + x2) / 2 - crop / 2);
  const top = Math.round((y1 + y2) / 2 - crop / 2);
  const rgb = await sharp(readFileSync(join(facePhotosDir(), `sample${face.photo}.jpg`)))
    .extract({ left, top, width: crop, height: crop })
    .resize(size, size)
    .removeAlpha()
    .raw()
    .toBuffer();
  // A feathered elliptical alpha: the face and its surroundings fade into the background instead of a square edge.
  const rgba = Buffer.alloc(size * size * 4);
  const r = size / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dx = (x + 0.5 - r) / (0.95 * r);
      const dy = (y + 0.5 - r) / r;
      const d = Math.sqrt(dx * dx + dy * dy);
      const alpha = d <= 0.92 ? 255 : d >= 1 ? 0 : Math.round((255 * (1 - d)) / 0.08);
      const p = y * size + x;
      rgba[4 * p] = rgb[3 * p]!;
      rgba[4 * p + 1] = rgb[3 * p + 1]!;
      rgba[4 * p + 2] = rgb[3 * p + 2]!;
      rgba[4 * p + 3] = alpha;
    }
  }
  return { face, size, rgba };
}

/** Alpha-blends an RGBA patch into an RGB frame at (left, top), clipped to the frame. */
function blend(frame: Buffer, patch: Patch, left: number, top: number): void {
  const { size, rgba } = patch;
  for (let y = Math.max(0, -top); y < size && top + y < H; y++) {
    for (let x = Math.max(0, -left); x < size && left + x < W; x++) {
      const s = 4 * (y * size + x);
      const a = rgba[s + 3];
      if (a === 0) continue;
      const d = 3 * ((top + y) * W + left + x);
      for (let c = 0; c < 3; c++) frame[d + c] = Math.round((rgba[s + c] * a + frame[d + c] * (255 - a)) / 255);
    }
  }
}

/**
 * A 640×360 scene of five faces from face-api's demo photos moving on known paths over a heavily blurred photo
 * (no face survives the blur: the detector finds none on the background alone), with the true box of every
 * face in every frame. What the video tests, the e2e, the bench and the demo track.
 */
export async function movingFacesScene(options: MovingFacesSceneOptions = {}): Promise<MovingFacesScene> {
  const frameCount = options.frameCount ?? 75;
  const fps = options.fps ?? 15;
  const background = await sharp(readFileSync(join(facePhotosDir(), "sample2.jpg")))
    .resize(W, H, { fit: "cover" })
    .blur(24)
    .removeAlpha()
    .raw()
    .toBuffer();
  const faces = FACES.filter((f) => !options.faces || options.faces.includes(f.id));
  const patches = await Promise.all(faces.map(cutPatch));

  const truth: SceneTruthFrame[] = [];
  for (let i = 0; i < frameCount; i++) {
    const placed = faces.map((f) => place(f, i, frameCount));
    const objects = [];
    for (const [k, f] of faces.entries()) {
      if (visibleFraction(placed[k].box, placed.slice(k + 1)) >= SCENE_VISIBLE_FRACTION)
        objects.push({ id: f.id, box: clip(placed[k].box) });
    }
    truth.push({ frame: i, objects });
  }

  const frame = (i: number): Buffer => {
    if (!Number.isInteger(i) || i < 0 || i >= frameCount) throw new RangeError(`frame ${i} of ${frameCount}`);
    const out = Buffer.from(background);
    for (const patch of patches) {
      const { left, top } = place(patch.face, i, frameCount);
      blend(out, patch, left, top);
    }
    return out;
  };
  function* frames(): Generator<Buffer> {
    for (let i = 0; i < frameCount; i++) yield frame(i);
  }
  return {
    width: W,
    height: H,
    fps,
    frameCount,
    truth,
    frame,
    frames,
    writeVideo: async (binaries, out, codec = "h264") => {
      await encodeVideo({ binaries, out, width: W, height: H, fps, codec, frames: frames() });
    },
  };
}

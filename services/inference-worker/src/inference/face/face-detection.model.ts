import type { DecodedImage } from "../decoded-image.js";
import { assertDetectInput } from "../detect-input.js";
import type { Box, DetectOptions, Detection, DetectionModel } from "../detection-model.js";
import { clipBox, squareAround, windowToFrame } from "../geometry/box-geometry.js";
import { nonMaxSuppression } from "../geometry/nms.js";
import { overlappingSquareTiles, touchesInnerEdge } from "../geometry/square-tiles.js";
import type { ModelSession } from "../model-session.js";
import { requireFloatOutput } from "../session-io.js";
import {
  BLAZEFACE_INPUT_SIZE,
  BLAZEFACE_REGRESSORS,
  BLAZEFACE_ROWS_COARSE,
  BLAZEFACE_ROWS_FINE,
  decodeBlazeface,
} from "./blazeface.decoder.js";
import { letterboxWindow, toBlazefaceInput } from "./blazeface.preprocess.js";
import { ageAttributeValue, AGE_BINS, decodeAge, decodeEmotion, decodeGender, EMOTIONS } from "./face-attributes.decoder.js";
import { cropFace, EMOTION_INPUT_SIZE, FACERES_INPUT_SIZE, writeEmotionInput, writeFaceresInput } from "./face-crop.preprocess.js";

export const FACE_LABEL = "face";

/** Tensor names of the converted models (the built .onnx files' inputNames/outputNames, checked at load). */
export const BLAZEFACE_IO = {
  input: "input",
  fineLogits: "Identity",
  coarseLogits: "Identity_1",
  fineRegressors: "Identity_2",
  coarseRegressors: "Identity_3",
} as const;
export const EMOTION_IO = { input: "input_1", probabilities: "Identity" } as const;
export const FACERES_IO = { input: "input_1", gender: "gender_pred/Sigmoid", age: "age_pred/Softmax" } as const;

export interface FaceDetectionSessions {
  readonly detector: ModelSession;
  readonly emotion: ModelSession;
  readonly faceres: ModelSession;
}

export interface FaceTilingOptions {
  /** Tile side as a fraction of the frame's longer side: 1/3 shows the detector faces 3× larger than the whole-frame pass. */
  readonly side: number;
  /** Tiles are never smaller than this many frame pixels (below BlazeFace's 256 input they would only upsample). */
  readonly minSide: number;
  /** Least overlap between neighbouring tiles, as a fraction of the side. */
  readonly overlap: number;
  /**
   * Tile detections larger than this fraction of the frame's longer side are dropped: the whole-frame
   * pass finds faces that large by itself, and tiles, which magnify, turn dark textures into false faces.
   */
  readonly maxFace: number;
}

export interface FaceDetectionModelOptions {
  /** Extra overlapping tiles besides the whole frame, when the frame's longer side exceeds 1.5 tiles; null: whole frame only. */
  readonly tiling?: FaceTilingOptions | null;
  /** IoU above which two face boxes are the same face. */
  readonly nmsIou?: number;
  /** Faces per attribute-model run; bounds the faceres batch to ~0.6 MB per face. */
  readonly attributeBatch?: number;
}

/**
 * Chosen by measurement on face-api's sample1..6 and 2×2 / 3×3 mosaics of them (117 faces of 47–250 px
 * in 1920-px frames; docs/models/face-detection-with-attributes.md). At threshold 0.5 the whole frame
 * alone found 67/117: all 22 faces of the originals, but BlazeFace at 256×256 loses faces under ~20 px
 * of its input. With these tiles: 117/117, and no false face on the originals (without the maxFace cap:
 * 3). Fixed 640-px tiles did as well at 1920 px but found 103/117 on the same images at 1000 px, hence a
 * side relative to the frame. Cost: 12 more BlazeFace passes on a 3:2 photo, about +80 ms/frame on 2 cores.
 */
export const DEFAULT_FACE_TILING: FaceTilingOptions = { side: 1 / 3, minSide: 256, overlap: 0.25, maxFace: 0.08 };
const CROP_ENLARGE = 1.4;

interface FaceCandidate {
  readonly box: Box;
  readonly score: number;
}

/**
 * Faces with age, gender and emotion: BlazeFace on the whole frame (letterboxed to a square) and,
 * on large frames, on overlapping square tiles, merged by NMS; then per face a 1.4× square crop,
 * emotion and faceres each run once over all faces of the frame.
 */
export class FaceDetectionModel implements DetectionModel {
  readonly labels = [FACE_LABEL] as const;
  private readonly tiling: FaceTilingOptions | null;
  private readonly nmsIou: number;
  private readonly attributeBatch: number;

  constructor(
    private readonly sessions: FaceDetectionSessions,
    options: FaceDetectionModelOptions = {},
  ) {
    this.tiling = options.tiling === undefined ? DEFAULT_FACE_TILING : options.tiling;
    this.nmsIou = options.nmsIou ?? 0.3;
    this.attributeBatch = options.attributeBatch ?? 16;
  }

  async detect(image: DecodedImage, options: DetectOptions): Promise<Detection[]> {
    assertDetectInput(image, options);
    const faces = await this.findFaces(image, options.threshold);
    if (faces.length === 0) return [];
    const detections: Detection[] = [];
    for (let start = 0; start < faces.length; start += this.attributeBatch) {
      detections.push(...(await this.describe(image, faces.slice(start, start + this.attributeBatch))));
    }
    return detections;
  }

  /** The detector windows for a frame: the whole frame, plus tiles when the frame is large. */
  windows(width: number, height: number): { window: Box; tile: boolean }[] {
    const windows = [{ window: letterboxWindow(width, height), tile: false }];
    if (!this.tiling) return windows;
    const longer = Math.max(width, height);
    const side = Math.max(this.tiling.minSide, longer * this.tiling.side);
    if (longer > 1.5 * side) {
      for (const window of overlappingSquareTiles(width, height, side, this.tiling.overlap)) windows.push({ window, tile: true });
    }
    return windows;
  }

  private async findFaces(image: DecodedImage, threshold: number): Promise<FaceCandidate[]> {
    const found: FaceCandidate[] = [];
    const maxTileFace = (this.tiling?.maxFace ?? 1) * Math.max(image.width, image.height);
    for (const { window, tile } of this.windows(image.width, image.height)) {
      const outputs = await this.sessions.detector.run({
        [BLAZEFACE_IO.input]: {
          type: "float32",
          data: toBlazefaceInput(image, window),
          dims: [1, BLAZEFACE_INPUT_SIZE, BLAZEFACE_INPUT_SIZE, 3],
        },
      });
      const candidates = decodeBlazeface(
        {
          fineLogits: requireFloatOutput(outputs, BLAZEFACE_IO.fineLogits, [1, BLAZEFACE_ROWS_FINE, 1]),
          coarseLogits: requireFloatOutput(outputs, BLAZEFACE_IO.coarseLogits, [1, BLAZEFACE_ROWS_COARSE, 1]),
          fineRegressors: requireFloatOutput(outputs, BLAZEFACE_IO.fineRegressors, [1, BLAZEFACE_ROWS_FINE, BLAZEFACE_REGRESSORS]),
          coarseRegressors: requireFloatOutput(outputs, BLAZEFACE_IO.coarseRegressors, [1, BLAZEFACE_ROWS_COARSE, BLAZEFACE_REGRESSORS]),
        },
        threshold,
      );
      // 2% of the tile: BlazeFace boxes are tight, a face cut by the tile edge reaches it.
      const margin = 0.02 * (window[2] - window[0]);
      for (const c of candidates) {
        const box = windowToFrame(c.box, window, BLAZEFACE_INPUT_SIZE, BLAZEFACE_INPUT_SIZE);
        if (
          tile &&
          (touchesInnerEdge(box, window, image.width, image.height, margin) || Math.max(box[2] - box[0], box[3] - box[1]) > maxTileFace)
        )
          continue;
        found.push({ box, score: c.score });
      }
    }
    const kept = nonMaxSuppression(found, { iouThreshold: this.nmsIou, scoreThreshold: threshold });
    const faces: FaceCandidate[] = [];
    for (const i of kept) {
      const box = clipBox(found[i].box, image.width, image.height);
      if (box[2] - box[0] >= 1 && box[3] - box[1] >= 1) faces.push({ box, score: found[i].score });
    }
    return faces;
  }

  /** Emotion, gender and age for a batch of faces, each model run once. */
  private async describe(image: DecodedImage, faces: readonly FaceCandidate[]): Promise<Detection[]> {
    const n = faces.length;
    const emotionInput = new Float32Array(n * EMOTION_INPUT_SIZE * EMOTION_INPUT_SIZE);
    const faceresInput = new Float32Array(n * FACERES_INPUT_SIZE * FACERES_INPUT_SIZE * 3);
    faces.forEach((face, i) => {
      // The crop is centred on the unclipped detector box, so it stays square at frame edges.
      const crop = cropFace(image, squareAround(face.box, CROP_ENLARGE));
      writeEmotionInput(crop, emotionInput, i * EMOTION_INPUT_SIZE * EMOTION_INPUT_SIZE);
      writeFaceresInput(crop, faceresInput, i * FACERES_INPUT_SIZE * FACERES_INPUT_SIZE * 3);
    });
    // One after the other: each session already uses every core it is given.
    const emotionOut = await this.sessions.emotion.run({
      [EMOTION_IO.input]: { type: "float32", data: emotionInput, dims: [n, EMOTION_INPUT_SIZE, EMOTION_INPUT_SIZE, 1] },
    });
    const faceresOut = await this.sessions.faceres.run({
      [FACERES_IO.input]: { type: "float32", data: faceresInput, dims: [n, FACERES_INPUT_SIZE, FACERES_INPUT_SIZE, 3] },
    });
    const emotions = requireFloatOutput(emotionOut, EMOTION_IO.probabilities, [n, EMOTIONS.length]);
    const genders = requireFloatOutput(faceresOut, FACERES_IO.gender, [n, 1]);
    const ages = requireFloatOutput(faceresOut, FACERES_IO.age, [n, AGE_BINS]);
    return faces.map((face, i) => ({
      label: FACE_LABEL,
      score: face.score,
      box: face.box,
      attributes: {
        age: ageAttributeValue(decodeAge(ages, i)),
        gender: decodeGender(genders[i]),
        emotion: decodeEmotion(emotions, i),
      },
    }));
  }
}

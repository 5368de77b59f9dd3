import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { float32, fakeModelSession, solidFrame } from "../fake-model-session.testing.js";
import { ModelError, ModelErrorCode } from "../inference.errors.js";
import type { ModelSession, Tensor } from "../model-session.js";
import { BLAZEFACE_REGRESSORS } from "./blazeface.decoder.js";
import { AGE_BINS } from "./face-attributes.decoder.js";
import { BLAZEFACE_IO, EMOTION_IO, FACERES_IO, FaceDetectionModel, type FaceDetectionModelOptions } from "./face-detection.model.js";

interface FakeFace {
  /** Fine-grid row and regressors (dx, dy, w, h) in 256-input pixels; logit. */
  row: number;
  regress: [number, number, number, number];
  logit: number;
}

function blazeface(facesPerCall: (call: number) => FakeFace[]) {
  return fakeModelSession(
    {
      inputs: [BLAZEFACE_IO.input],
      outputs: [BLAZEFACE_IO.fineLogits, BLAZEFACE_IO.coarseLogits, BLAZEFACE_IO.fineRegressors, BLAZEFACE_IO.coarseRegressors],
    },
    (_, call) => {
      const fineLogits = float32([1, 512, 1], (d) => d.fill(-20));
      const fineRegressors = float32([1, 512, BLAZEFACE_REGRESSORS]);
      for (const f of facesPerCall(call)) {
        fineLogits.data[f.row] = f.logit;
        fineRegressors.data.set(f.regress, f.row * BLAZEFACE_REGRESSORS);
      }
      return {
        [BLAZEFACE_IO.fineLogits]: fineLogits,
        [BLAZEFACE_IO.coarseLogits]: float32([1, 384, 1], (d) => d.fill(-20)),
        [BLAZEFACE_IO.fineRegressors]: fineRegressors,
        [BLAZEFACE_IO.coarseRegressors]: float32([1, 384, BLAZEFACE_REGRESSORS]),
      };
    },
  );
}

/** Emotion answers face i with class i % 7; faceres with gender i even → 0.2 (female), age bin 20 + i. */
function attributeSessions() {
  const emotion = fakeModelSession({ inputs: [EMOTION_IO.input], outputs: [EMOTION_IO.probabilities] }, (feeds) => {
    const n = feeds[EMOTION_IO.input].dims[0];
    return {
      [EMOTION_IO.probabilities]: float32([n, 7], (d) => {
        for (let i = 0; i < n; i++) d[i * 7 + (i % 7)] = 1;
      }),
    };
  });
  const faceres = fakeModelSession({ inputs: [FACERES_IO.input], outputs: [FACERES_IO.gender, FACERES_IO.age] }, (feeds) => {
    const n = feeds[FACERES_IO.input].dims[0];
    return {
      [FACERES_IO.gender]: float32([n, 1], (d) => {
        for (let i = 0; i < n; i++) d[i] = i % 2 === 0 ? 0.2 : 0.9;
      }),
      [FACERES_IO.age]: float32([n, AGE_BINS], (d) => {
        for (let i = 0; i < n; i++) d[i * AGE_BINS + 20 + i] = 1;
      }),
      "global_pooling/Mean": float32([n, 1024]),
    };
  });
  return { emotion, faceres };
}

/** The model over `detector` and fresh attribute sessions; `options` as given (none: the model's defaults, tiling on). */
function fakeFaceModel(detector: ModelSession, options?: FaceDetectionModelOptions) {
  const { emotion, faceres } = attributeSessions();
  return { model: new FaceDetectionModel({ detector, emotion: emotion.session, faceres: faceres.session }, options), emotion, faceres };
}

// Fine rows: row = 2·(16·gy + gx) + n, anchor (16gx + 8, 16gy + 8).
const FACE_A: FakeFace = { row: 2 * (16 * 4 + 4), regress: [0, 0, 32, 40], logit: 3 }; // anchor (72, 72)
const FACE_B: FakeFace = { row: 2 * (16 * 10 + 12), regress: [2, 0, 24, 24], logit: 1 }; // anchor (200, 168)

describe("FaceDetectionModel with fake sessions", () => {
  it("letterboxes the frame to 256, normalises to [-1, 1], and maps faces back to frame pixels", async () => {
    const detector = blazeface(() => [FACE_A, FACE_B]);
    const { model } = fakeFaceModel(detector.session, { tiling: null });
    // 512 × 256, grey 255: letterbox window [0, -128, 512, 384], 2 frame px per input px.
    const faces = await model.detect(solidFrame(512, 256, 255), { threshold: 0.5, returnMasks: false });

    const feed = detector.feeds[0][BLAZEFACE_IO.input] as Extract<Tensor, { type: "float32" }>;
    assert.deepEqual(feed.dims, [1, 256, 256, 3]);
    assert.equal(feed.data[0], -1, "row 0 is padding above the frame");
    assert.equal(feed.data[128 * 256 * 3], 1, "row 128 is the frame's first row, white → 1");

    assert.equal(faces.length, 2);
    // Face A: centre (72, 72) ± (16, 20) → [56, 52, 88, 92] in input px → ×2, y − 128.
    assert.deepEqual(faces[0].box, [112, 0, 176, 56], "clipped at the frame's top (y −24)");
    assert.equal(faces[0].label, "face");
    assert.ok(Math.abs((faces[0].score ?? NaN) - 1 / (1 + Math.exp(-3))) < 1e-6);
    // Face B: centre (202, 168) ± 12 → [190, 156, 214, 180] → [380, 184, 428, 232].
    assert.deepEqual(faces[1].box, [380, 184, 428, 232]);
  });

  it("runs emotion and faceres once per frame over all faces and attaches all three attributes", async () => {
    const { model, emotion, faceres } = fakeFaceModel(blazeface(() => [FACE_A, FACE_B]).session, { tiling: null });
    const faces = await model.detect(solidFrame(512, 256, 255), { threshold: 0.5, returnMasks: false });

    assert.equal(emotion.feeds.length, 1);
    assert.equal(faceres.feeds.length, 1);
    const emotionFeed = emotion.feeds[0][EMOTION_IO.input] as Extract<Tensor, { type: "float32" }>;
    const faceresFeed = faceres.feeds[0][FACERES_IO.input] as Extract<Tensor, { type: "float32" }>;
    assert.deepEqual(emotionFeed.dims, [2, 64, 64, 1]);
    assert.deepEqual(faceresFeed.dims, [2, 224, 224, 3]);
    // Face B's crop (1.4 × 48 = 67 px around (404, 208)) lies inside the white frame: grey 1 → (1 − 0.5)·2 = 1; RGB 255.
    const b = 64 * 64;
    assert.ok(Math.abs(emotionFeed.data[b + 32 * 64 + 32] - 1) < 1e-3);
    assert.ok(Math.abs(faceresFeed.data[224 * 224 * 3 + (112 * 224 + 112) * 3] - 255) < 1e-2);
    // Face A's crop reaches above the frame: cropAndResize's extrapolation 0 → grey −1, RGB 0.
    assert.ok(Math.abs(emotionFeed.data[0] + 1) < 1e-6);
    assert.equal(faceresFeed.data[0], 0);

    assert.deepEqual(
      faces.map((f) => f.attributes),
      [
        { age: "20", gender: "female", emotion: "angry" },
        { age: "21", gender: "male", emotion: "disgust" },
      ],
    );
  });

  it("applies the threshold to the detector score and skips attribute models when no face passes", async () => {
    const { model, emotion } = fakeFaceModel(blazeface(() => [FACE_A, FACE_B]).session, { tiling: null });
    assert.equal((await model.detect(solidFrame(512, 256, 0), { threshold: 0.8, returnMasks: false })).length, 1);
    assert.deepEqual(await model.detect(solidFrame(512, 256, 0), { threshold: 0.99, returnMasks: false }), []);
    assert.equal(emotion.feeds.length, 1);
  });

  it("splits attribute runs into batches of at most attributeBatch faces", async () => {
    const { model, emotion } = fakeFaceModel(blazeface(() => [FACE_A, FACE_B]).session, { tiling: null, attributeBatch: 1 });
    const faces = await model.detect(solidFrame(512, 256, 0), { threshold: 0.5, returnMasks: false });
    assert.equal(faces.length, 2);
    assert.deepEqual(
      emotion.feeds.map((f) => f[EMOTION_IO.input].dims[0]),
      [1, 1],
    );
  });

  it("adds overlapping tiles on large frames, drops faces cut by inner tile edges, merges the rest by NMS", async () => {
    // 1300 × 640 with 640-px tiles: whole frame + 3 tiles (x 0, 330, 660).
    const tiling = { side: 0.1, minSide: 640, overlap: 0.25, maxFace: 1 };
    const { model } = fakeFaceModel(blazeface(() => []).session, { tiling });
    assert.deepEqual(
      model.windows(1300, 640).map((w) => [w.tile, w.window.map(Math.round)]),
      [
        [false, [0, -330, 1300, 970]],
        [true, [0, 0, 640, 640]],
        [true, [330, 0, 970, 640]],
        [true, [660, 0, 1300, 640]],
      ],
    );
    assert.equal(model.windows(900, 640).length, 1, "no tiles below 1.5 tile sides");

    // Tile 1 (x 0..640, 2.5 frame px per input px) sees a face in the overlap with tile 2, and a face
    // cut by its right edge; tile 2 (x 330..970) sees the overlap face again. The whole frame: nothing.
    const inOverlap1: FakeFace = { row: 2 * (16 * 4 + 10), regress: [8, 0, 32, 40], logit: 3 }; // input x 160..192 → frame 400..480
    const inOverlap2: FakeFace = { row: 2 * (16 * 4 + 2), regress: [5, 0, 32, 40], logit: 2 }; // input x 29..61 → frame 402.5..482.5
    const atRightEdge: FakeFace = { row: 2 * (16 * 4 + 15), regress: [8, 0, 16, 16], logit: 4 }; // input x 248..264 → frame 620..660
    const detector = blazeface((call) => (call === 1 ? [inOverlap1, atRightEdge] : call === 2 ? [inOverlap2] : []));
    const { model: tiled, emotion } = fakeFaceModel(detector.session, { tiling });
    const faces = await tiled.detect(solidFrame(1300, 640, 128), { threshold: 0.5, returnMasks: false });
    assert.equal(detector.feeds.length, 4);
    // y: input 52..92 × 2.5 = 130..230. The better copy (tile 1) wins; the cut face is gone.
    assert.deepEqual(
      faces.map((f) => f.box),
      [[400, 130, 480, 230]],
    );
    assert.equal(emotion.feeds[0][EMOTION_IO.input].dims[0], 1);
  });

  it("by default tiles a third of the longer side (never under 256 px) and drops large faces found only in tiles", async () => {
    const { model } = fakeFaceModel(blazeface(() => []).session);
    // 1920 × 1280: 640-px tiles, 4 × 3 of them, plus the whole frame.
    assert.equal(model.windows(1920, 1280).length, 13);
    assert.equal(model.windows(1920, 1280)[1].window[2], 640);
    // 600 × 400: a third would be 200 px, so 256-px tiles: 3 × 2.
    assert.equal(model.windows(600, 400).length, 7);
    assert.equal(model.windows(380, 300).length, 1, "≤ 1.5 × 256: the whole frame is near native resolution");

    // 1920 × 1280, tile 1 (x 0..640, 2.5 px per input px): a 40-input-px face = 100 frame px (5.2 % of 1920, kept)
    // and a 80-input-px face = 200 frame px (10.4 %, above maxFace 8 %: the whole-frame pass's job).
    const small: FakeFace = { row: 2 * (16 * 4 + 4), regress: [0, 0, 40, 40], logit: 3 };
    const large: FakeFace = { row: 2 * (16 * 10 + 8), regress: [0, 0, 80, 80], logit: 3 };
    const detector = blazeface((call) => (call === 1 ? [small, large] : []));
    const { model: tiled } = fakeFaceModel(detector.session);
    const faces = await tiled.detect(solidFrame(1920, 1280, 128), { threshold: 0.5, returnMasks: false });
    assert.deepEqual(
      faces.map((f) => f.box),
      [[130, 130, 230, 230]],
    );
  });

  it("throws MODEL_OUTPUT_INVALID when an output has the wrong shape", async () => {
    const broken = fakeModelSession({ inputs: [BLAZEFACE_IO.input], outputs: [] }, () => ({
      [BLAZEFACE_IO.fineLogits]: float32([1, 896, 1]),
    }));
    const { model } = fakeFaceModel(broken.session, { tiling: null });
    await assert.rejects(model.detect(solidFrame(64, 64, 0), { threshold: 0.5, returnMasks: false }), (e: unknown) => {
      assert.ok(e instanceof ModelError);
      assert.equal(e.code, ModelErrorCode.MODEL_OUTPUT_INVALID);
      assert.match(e.message, /Identity float32 \[1,512,1\], got float32 \[1,896,1\]/);
      return true;
    });
  });

  it("rejects frames whose data does not match their size", async () => {
    const { model } = fakeFaceModel(blazeface(() => []).session);
    await assert.rejects(
      model.detect({ width: 4, height: 4, data: new Uint8Array(10) }, { threshold: 0.5, returnMasks: false }),
      RangeError,
    );
  });
});

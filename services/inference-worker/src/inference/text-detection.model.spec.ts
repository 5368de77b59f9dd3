import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import sharp from "sharp";
import { countSetPixels } from "./binary-mask.js";
import type { DecodedImage } from "./decoded-image.js";
import type { Box, Detection, DetectionModel } from "./detection-model.js";
import { decodeFrame } from "./image-decoder.js";
import { ModelError, ModelErrorCode } from "./inference.errors.js";
import { decodeMaskRle } from "./mask-rle.js";
import { createModelCatalog, type ModelCatalog } from "./model-catalog.js";
import type { ModelSession, Tensor } from "./model-session.js";
import { polygonArea } from "./polygon.js";
import { TextDetectionModel } from "./text-detection.model.js";

const toPoints = (flat: number[]) => Array.from({ length: flat.length / 2 }, (_, i) => ({ x: flat[2 * i], y: flat[2 * i + 1] }));

function iou(a: Box, b: Box): number {
  const w = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const h = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const inter = w * h;
  const area = (r: Box) => (r[2] - r[0]) * (r[3] - r[1]);
  return inter / (area(a) + area(b) - inter);
}

/** Fraction of `inner` that lies inside `outer`. */
function coverage(outer: Box, inner: Box): number {
  const w = Math.max(0, Math.min(outer[2], inner[2]) - Math.max(outer[0], inner[0]));
  const h = Math.max(0, Math.min(outer[3], inner[3]) - Math.max(outer[1], inner[1]));
  return (w * h) / ((inner[2] - inner[0]) * (inner[3] - inner[1]));
}

function blank(width: number, height: number): DecodedImage {
  return { width, height, data: new Uint8Array(width * height * 3).fill(255) };
}

/** A session that records its feeds and answers with a fixed probability rectangle. */
function fakeSession(answer: (feed: Tensor) => Record<string, Tensor>) {
  const feeds: Array<Readonly<Record<string, Tensor>>> = [];
  const session: ModelSession = {
    inputNames: ["x"],
    outputNames: ["sigmoid_0.tmp_0"],
    async run(input) {
      feeds.push(input);
      return answer(input.x);
    },
    release: async () => {},
  };
  return { session, feeds };
}

describe("TextDetectionModel with a fake session", () => {
  const rectangleMap = (feed: Tensor): Record<string, Tensor> => {
    const [, , h, w] = feed.dims;
    const data = new Float32Array(w * h);
    for (let y = 10; y < 20; y++) for (let x = 16; x < 80; x++) data[y * w + x] = 0.8;
    return { "sigmoid_0.tmp_0": { type: "float32", data, dims: [1, 1, h, w] } };
  };

  it("feeds x as NCHW float32 at a multiple of 32 and scales results back to the frame", async () => {
    const { session, feeds } = fakeSession(rectangleMap);
    const detections = await new TextDetectionModel(session).detect(blank(100, 50), { threshold: 0.5, returnMasks: false });
    assert.deepEqual(feeds[0].x.dims, [1, 3, 64, 128]);
    assert.equal(feeds[0].x.type, "float32");
    assert.equal(detections.length, 1);
    const [d] = detections;
    assert.equal(d.label, "text");
    assert.ok(Math.abs((d.score ?? NaN) - 0.8) < 1e-6);
    // Map → frame scale is 100/128 by 50/64; the region must stay inside the 100×50 frame.
    assert.ok(d.box[0] >= 0 && d.box[2] <= 100 && d.box[1] >= 0 && d.box[3] <= 50);
    assert.ok(d.box[0] < 16 * (100 / 128) && d.box[2] > 80 * (100 / 128));
  });

  it("applies options.threshold to the region scores", async () => {
    const twoRegions = (feed: Tensor): Record<string, Tensor> => {
      const [, , h, w] = feed.dims;
      const data = new Float32Array(w * h);
      for (let y = 10; y < 20; y++) for (let x = 16; x < 80; x++) data[y * w + x] = 0.8;
      for (let y = 40; y < 50; y++) for (let x = 16; x < 80; x++) data[y * w + x] = 0.4;
      return { "sigmoid_0.tmp_0": { type: "float32", data, dims: [1, 1, h, w] } };
    };
    const model = new TextDetectionModel(fakeSession(twoRegions).session);
    assert.equal((await model.detect(blank(128, 64), { threshold: 0.5, returnMasks: false })).length, 1);
    const both = await model.detect(blank(128, 64), { threshold: 0.35, returnMasks: true });
    assert.equal(both.length, 2);
    assert.ok(both.every((d) => d.mask !== undefined));
  });

  it("reports MODEL_OUTPUT_INVALID when the map is missing or misshaped", async () => {
    const missing = new TextDetectionModel(fakeSession(() => ({})).session);
    const wrongSize = new TextDetectionModel(
      fakeSession(() => ({ "sigmoid_0.tmp_0": { type: "float32", data: new Float32Array(10), dims: [1, 1, 2, 5] } })).session,
    );
    for (const model of [missing, wrongSize]) {
      await assert.rejects(model.detect(blank(64, 64), { threshold: 0.5, returnMasks: false }), (error: unknown) => {
        return error instanceof ModelError && error.code === ModelErrorCode.MODEL_OUTPUT_INVALID;
      });
    }
  });

  it("rejects thresholds outside [0, 1] and images whose data does not match their size", async () => {
    const model = new TextDetectionModel(fakeSession(rectangleMap).session);
    await assert.rejects(model.detect(blank(64, 64), { threshold: 1.5, returnMasks: false }), RangeError);
    await assert.rejects(
      model.detect({ width: 64, height: 64, data: new Uint8Array(10) }, { threshold: 0.5, returnMasks: false }),
      RangeError,
    );
  });
});

describe("TextDetectionModel with the real PP-OCRv4 detector", () => {
  const width = 640;
  const height = 480;
  const lines = [
    { text: "Hello Prelabel OCR", x: 40, y: 100, size: 40, band: [0, 30, 640, 140] },
    { text: "Second line 12345", x: 60, y: 300, size: 32, band: [0, 250, 400, 330] },
    { text: "small print, bottom right", x: 380, y: 430, size: 18, band: [360, 400, 640, 450] },
  ] as const;
  let catalog: ModelCatalog;
  let model: DetectionModel;
  let image: DecodedImage;
  let truth: Box[];

  before(async () => {
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="white"/>` +
      lines
        .map((l) => `<text x="${l.x}" y="${l.y}" font-family="DejaVu Sans, sans-serif" font-size="${l.size}" fill="black">${l.text}</text>`)
        .join("") +
      `</svg>`;
    image = await decodeFrame(await sharp(Buffer.from(svg)).png().toBuffer(), { maxPixels: 10_000_000 });
    truth = lines.map((line) => inkBox(image, line.band));
    catalog = createModelCatalog({ intraOpNumThreads: 2 });
    model = await catalog.get("text-detection");
  });

  after(() => catalog?.dispose());

  it("renders a usable fixture (fonts present: every line has ink)", () => {
    for (const [i, box] of truth.entries()) {
      assert.ok(box[2] - box[0] > 100 && box[3] - box[1] > 8, `line ${i} ink box ${box.join(",")}: is a font installed? (fc-list)`);
    }
  });

  it("finds each text line and nothing else", async (t) => {
    const started = performance.now();
    const detections = await model.detect(image, { threshold: 0.5, returnMasks: false });
    t.diagnostic(`${width}x${height} detect: ${(performance.now() - started).toFixed(1)} ms (first run), ${detections.length} detections`);
    assert.equal(detections.length, truth.length, JSON.stringify(detections.map((d) => d.box)));
    for (const [i, ink] of truth.entries()) {
      const match = detections.find((d) => iou(d.box, ink) >= 0.5);
      assert.ok(match, `line ${i} (ink ${ink.join(",")}) has no detection`);
      // DB unclip should land close to the ink: measured IoU 0.80–0.88; a few px too much or too
      // little expansion drops it below 0.7.
      assert.ok(
        iou(match.box, ink) >= 0.7,
        `line ${i}: box ${match.box.join(",")} vs ink ${ink.join(",")}, IoU ${iou(match.box, ink).toFixed(2)}`,
      );
      assert.ok(coverage(match.box, ink) >= 0.95, `line ${i}: box ${match.box.join(",")} cuts the ink ${ink.join(",")}`);
    }
    for (const d of detections) assertWellFormed(d);
  });

  it("returns CVAT masks whose pixels match the polygon and cover the ink", async () => {
    const detections = await model.detect(image, { threshold: 0.5, returnMasks: true });
    assert.equal(detections.length, truth.length);
    for (const d of detections) {
      assertWellFormed(d);
      assert.ok(d.mask, "mask requested");
      const mask = decodeMaskRle(d.mask);
      const pixels = countSetPixels(mask);
      const polygon = polygonArea(toPoints(d.polygon!));
      assert.ok(Math.abs(pixels - polygon) / polygon < 0.1, `mask ${pixels} px vs polygon ${polygon.toFixed(0)}`);
      assert.ok(d.mask.left >= d.box[0] && d.mask.top >= d.box[1] && d.mask.right < d.box[2] && d.mask.bottom < d.box[3]);
      const ink = truth.find((box) => iou(d.box, box) >= 0.5)!;
      const inkArea = (ink[2] - ink[0]) * (ink[3] - ink[1]);
      assert.ok(pixels > 0.6 * inkArea && pixels < 2.5 * inkArea, `mask ${pixels} px vs ink box ${inkArea}`);
    }
  });

  it("finds nothing on a blank page, and timing over repeated frames is reported", async (t) => {
    assert.deepEqual(await model.detect(blank(width, height), { threshold: 0.5, returnMasks: false }), []);
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      await model.detect(image, { threshold: 0.5, returnMasks: true });
      runs.push(performance.now() - started);
    }
    t.diagnostic(`${width}x${height} detect with masks, warm: ${runs.map((ms) => ms.toFixed(1)).join(", ")} ms`);
  });

  function assertWellFormed(d: Detection): void {
    assert.equal(d.label, "text");
    assert.ok(d.score !== undefined && d.score > 0 && d.score <= 1, `score ${d.score}`);
    assert.ok(d.box[0] >= 0 && d.box[1] >= 0 && d.box[2] <= width && d.box[3] <= height && d.box[0] < d.box[2] && d.box[1] < d.box[3]);
    assert.ok(d.polygon && d.polygon.length >= 6 && d.polygon.length % 2 === 0);
    for (const p of toPoints(d.polygon)) {
      assert.ok(
        p.x >= d.box[0] && p.x <= d.box[2] && p.y >= d.box[1] && p.y <= d.box[3],
        `vertex ${p.x},${p.y} outside box ${d.box.join(",")}`,
      );
    }
  }
});

/** Bounding box (pixel-edge coordinates) of dark pixels inside a band of the image. */
function inkBox(image: DecodedImage, band: readonly [number, number, number, number]): Box {
  let box: Box = [Infinity, Infinity, -Infinity, -Infinity];
  for (let y = band[1]; y < band[3]; y++) {
    for (let x = band[0]; x < band[2]; x++) {
      if (image.data[(y * image.width + x) * 3] < 128) {
        box = [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x + 1), Math.max(box[3], y + 1)];
      }
    }
  }
  return box;
}

import { readFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import type { DecodedImage } from "../decoded-image.js";
import type { Box } from "../detection-model.js";

/** A person of the mosaic: a hand-made box of the catalog photos (test/fixtures/face-api-samples), moved with its photo. */
export interface MosaicPerson {
  readonly box: Box;
  readonly difficult: boolean;
}

export interface CrowdMosaic {
  readonly image: DecodedImage;
  readonly persons: readonly MosaicPerson[];
}

interface GroundTruthImage {
  file: string;
  width: number;
  height: number;
  persons: { box: Box; difficult: boolean }[];
}

const GROUND_TRUTH = join(__dirname, "..", "..", "..", "..", "test", "fixtures", "face-api-samples", "ground-truth.json");

/**
 * A high-resolution crowd built deterministically from the six face-api group photos (there is none in the repo):
 * a `columns` × `rows` grid of cells `cellWidth` px wide, cell i holding sampleN (N = i mod 6 + 1) scaled to the cell's
 * width, mirrored on every other round of the six, top-left aligned in cells as tall as the tallest scaled photo.
 * The ground truth is the photos' hand-made person boxes under the same scale, mirror and offset
 * (docs/models/ground-truth.md, "Derived: the crowd mosaic").
 */
export async function crowdMosaic(options: {
  /** Where face-api's sample1..6.jpg are (@prelabel/testing's facePhotosDir()). */
  photosDir: string;
  columns: number;
  rows: number;
  cellWidth: number;
}): Promise<CrowdMosaic> {
  const { photosDir, columns, rows, cellWidth } = options;
  const truth: GroundTruthImage[] = JSON.parse(readFileSync(GROUND_TRUTH, "utf8")).images;
  const cellHeight = Math.max(...truth.map((t) => Math.round((t.height * cellWidth) / t.width)));
  const width = columns * cellWidth;
  const height = rows * cellHeight;
  const data = new Uint8Array(width * height * 3);
  const persons: MosaicPerson[] = [];
  for (let i = 0; i < columns * rows; i++) {
    const photo = truth[i % truth.length];
    const mirrored = Math.floor(i / truth.length) % 2 === 1;
    const left = (i % columns) * cellWidth;
    const top = Math.floor(i / columns) * cellHeight;
    let pipeline = sharp(readFileSync(join(photosDir, photo.file))).resize({ width: cellWidth });
    if (mirrored) pipeline = pipeline.flop();
    const { data: pixels, info } = await pipeline.removeAlpha().raw().toBuffer({ resolveWithObject: true });
    for (let y = 0; y < info.height; y++) {
      const from = y * info.width * 3;
      data.set(pixels.subarray(from, from + info.width * 3), ((top + y) * width + left) * 3);
    }
    const sx = info.width / photo.width;
    const sy = info.height / photo.height;
    for (const p of photo.persons) {
      const [x1, y1, x2, y2] = p.box;
      const [a, b] = mirrored ? [photo.width - x2, photo.width - x1] : [x1, x2];
      persons.push({ box: [left + a * sx, top + y1 * sy, left + b * sx, top + y2 * sy], difficult: p.difficult });
    }
  }
  return { image: { width, height, data }, persons };
}

// Tiling cost against recall gained (issue 16, "Small objects"): coco-object-detection on a high-resolution crowd
// (crowdMosaic: 4 × 3 of the catalog's group photos at 1600 px, 6400 × 3843 px, 44 people with ground truth derived
// from the hand-made boxes, docs/models/ground-truth.md). In the same run, on the same decoded frame and session:
// the whole frame alone (the baseline) and detectTiled (whole frame + tiles, merged) for each tile size and merge,
// the worker's own code from its dist. Time per frame is the median of ROUNDS runs after one warm-up; recall is
// persons matched one-to-one at IoU ≥ 0.5 at the catalog test's threshold (0.3); duplicates are extra boxes on a person.
// Run: npm run bench:tiling -w @prelabel/bench   (TILES=1024,1600,2048 OVERLAP=0.2 ROUNDS=3 ORT_THREADS=2)
import { availableParallelism } from "node:os";
import { createModelCatalog, crowdMosaic, detectTiled, tileGrid, type Box, type Detection } from "@prelabel/inference-worker/inference";
import { facePhotosDir } from "@prelabel/testing";
import { loadAverage } from "./process-cpu.meter.js";

const TILES = (process.env.TILES ?? "1024,1600,2048").split(",").map(Number);
const OVERLAP = Number(process.env.OVERLAP ?? 0.2);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const ORT_THREADS = Number(process.env.ORT_THREADS ?? 2);
const THRESHOLD = 0.3;

function iou(a: Box, b: Box): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter);
}

function recall(truth: readonly { box: Box }[], detections: Detection[]): { found: number; duplicates: number } {
  const persons = detections.filter((d) => d.label === "person" && (d.score ?? 1) >= THRESHOLD);
  const pairs = truth.flatMap((t, ti) => persons.map((d, di) => ({ ti, di, iou: iou(t.box, d.box) })));
  pairs.sort((a, b) => b.iou - a.iou);
  const mt = new Set<number>();
  const md = new Set<number>();
  for (const p of pairs) {
    if (p.iou < 0.5 || mt.has(p.ti) || md.has(p.di)) continue;
    mt.add(p.ti);
    md.add(p.di);
  }
  return { found: mt.size, duplicates: persons.filter((d, di) => !md.has(di) && truth.some((t) => iou(t.box, d.box) >= 0.5)).length };
}

async function timed(run: () => Promise<Detection[]>): Promise<{ ms: number; detections: Detection[] }> {
  let detections = await run();
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = performance.now();
    detections = await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { ms: times[times.length >> 1], detections };
}

async function main(): Promise<void> {
  const mosaic = await crowdMosaic({ photosDir: facePhotosDir(), columns: 4, rows: 3, cellWidth: 1600 });
  const truth = mosaic.persons.filter((p) => !p.difficult);
  const catalog = createModelCatalog({ intraOpNumThreads: ORT_THREADS });
  try {
    const model = await catalog.get("coco-object-detection");
    const options = { threshold: THRESHOLD, returnMasks: false };
    console.log(
      `# ${mosaic.image.width}×${mosaic.image.height} px, ${truth.length} people; ${availableParallelism()} CPUs, ` +
        `${ORT_THREADS} onnxruntime threads, load ${loadAverage()}, median of ${ROUNDS}`,
    );
    const whole = await timed(() => model.detect(mosaic.image, options));
    const base = recall(truth, whole.detections);
    console.log("| tiling | passes | time per frame | × whole frame | person recall | duplicates |");
    console.log("| --- | --- | --- | --- | --- | --- |");
    console.log(`| none (whole frame) | 1 | ${whole.ms.toFixed(0)} ms | 1.0 | ${base.found}/${truth.length} | ${base.duplicates} |`);
    for (const tileSize of TILES) {
      for (const merge of ["nms", "wbf"] as const) {
        const tiling = { tileSize, overlap: OVERLAP, merge };
        const tiled = await timed(() => detectTiled(model, mosaic.image, options, tiling));
        const r = recall(truth, tiled.detections);
        const passes = 1 + tileGrid(mosaic.image.width, mosaic.image.height, tileSize, OVERLAP).length;
        console.log(
          `| ${tileSize} px, ${OVERLAP} overlap, ${merge.toUpperCase()} | ${passes} | ${tiled.ms.toFixed(0)} ms | ` +
            `${(tiled.ms / whole.ms).toFixed(1)} | ${r.found}/${truth.length} | ${r.duplicates} |`,
        );
      }
    }
  } finally {
    await catalog.dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

// Annotation export (issue 15): a task of FRAMES frames and SHAPES shapes (60 % rectangles, 30 % 12-point polygons,
// 10 % skeletons of three points) exported in each format through GET /exports/<token> of the task service running
// as its own process on a fresh database and NATS namespace. Measured per export: wall time to the last byte, bytes,
// and the task process's peak resident memory while it ran (VmRSS sampled every 10 ms from /proc), against:
//   - the process's resident memory before the export (idle): each export runs on a fresh task process warmed up with
//     exports of a 100-frame task,
//   - the same export of a task a quarter the size: a streamed export's peak must not follow the task's size,
//   - the baseline in the same run: reading the same annotations the way a client had to before, paging
//     Task.annotations (500 a page, the maximum) over GraphQL with the fields an export writes.
// Then every export of the whole task once more on a task process whose V8 old space is capped (HEAP_CAP_MB): it
// completes only if what an export holds does not grow with the task.
// With frames: every frame row points at one small PNG in the frames bucket (content addressed, so one object), so
// the zip with FRAMES images reads the bucket FRAMES times.
// Run: npm run bench:export -w @prelabel/bench   (FRAMES=10000 SHAPES=100000)
import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { Messaging } from "@prelabel/messaging";
import { Buckets } from "@prelabel/proto";
import { createTestDatabase, createTestNats, startDeployable, stopProcesses, type RunningProcess } from "@prelabel/testing";
import { Client } from "pg";
import { loadAverage } from "./process-cpu.meter.js";

const FRAMES = Number(process.env.FRAMES ?? 10_000);
const SHAPES = Number(process.env.SHAPES ?? 100_000);
const SECRET = "bench-export-token-secret-0123456789abcdef";
/** The V8 old-space cap (--max-old-space-size, MB) of the last, bounded-memory run. */
const HEAP_CAP_MB = Number(process.env.HEAP_CAP_MB ?? 96);

/** A 1×1 PNG: the frames' bytes (content addressed, one object). */
const PIXEL = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

const rssOf = (pid: number): number => {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : NaN;
};

/** Runs `work` while sampling the process's RSS every 10 ms; its result with the peak and the wall time. */
async function withPeakRss<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peak: number; ms: number }> {
  let peak = rssOf(pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 10);
  const started = performance.now();
  try {
    const result = await work();
    return { result, peak: Math.max(peak, rssOf(pid)), ms: performance.now() - started };
  } finally {
    clearInterval(sampler);
  }
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

interface AnnotationPage {
  task: { annotations: { edges: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
}

const EXPORT = `mutation ($t: ID!, $f: AnnotationFormat!, $i: Boolean) { exportAnnotations(taskId: $t, format: $f, includeFrames: $i) { url } }`;
const PAGE = `query ($t: ID!, $after: String) { task(id: $t) { annotations(first: 500, after: $after) {
  pageInfo { hasNextPage endCursor }
  edges { node { id frame type points score source occluded attributes { name value } label { name }
    elements { points occluded outside label { name } } } } } } }`;

async function main(): Promise<void> {
  console.log(`annotation export bench: ${availableParallelism()} cores, load average ${loadAverage()} (1 / 5 / 15 min)`);
  const db = await createTestDatabase();
  const nats = await createTestNats();
  const logDir = mkdtempSync(join(tmpdir(), "prelabel-export-bench-"));
  const pg = new Client({ connectionString: db.url });
  const messaging = await Messaging.connect({ url: nats.url, namespace: nats.namespace, name: "export-bench" });
  let task: RunningProcess | undefined;
  const env = {
    PATH: process.env.PATH ?? "",
    NATS_URL: nats.url,
    NATS_NAMESPACE: nats.namespace,
    DATABASE_URL: db.url,
    LOG_LEVEL: "warn",
    FRAME_GC_ON_START: "false",
    EXPORT_TOKEN_SECRET: SECRET,
  };
  try {
    await pg.connect();
    task = await startDeployable("task", { env, logDir });
    let base = `http://127.0.0.1:${task.port}`;
    const gql = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
      const res = await fetch(`${base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: T; errors?: unknown[] };
      if (body.errors?.length || !body.data) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    const objectName = `sha256-${createHash("sha256").update(PIXEL).digest("hex")}`;
    await (await messaging.objectStore(Buckets.frames)).putBlob({ name: objectName }, PIXEL);

    /** A task of `frames` frames (640×480, all the same object) and `shapes` shapes, written with INSERT … SELECT. */
    const seed = async (frames: number, shapes: number) => {
      const taskId = randomUUID();
      const [car, road, person, head, hand, foot] = Array.from({ length: 6 }, () => randomUUID());
      await pg.query(`INSERT INTO "task"."task" ("id", "name", "size", "tenant_id") VALUES ($1, 'export bench', $2, 'default')`, [
        taskId,
        frames,
      ]);
      await pg.query(
        `INSERT INTO "task"."label" ("id", "task_id", "parent_id", "position", "name", "type") VALUES
           ($1, $7, NULL, 0, 'car', 'RECTANGLE'), ($2, $7, NULL, 1, 'road', 'POLYGON'), ($3, $7, NULL, 2, 'person', 'SKELETON'),
           ($4, $7, $3, 0, 'head', 'POINTS'), ($5, $7, $3, 1, 'hand', 'POINTS'), ($6, $7, $3, 2, 'foot', 'POINTS')`,
        [car, road, person, head, hand, foot, taskId],
      );
      await pg.query(
        `INSERT INTO "task"."frame" ("task_id", "index", "name", "object_name", "width", "height", "size_bytes")
         SELECT $1, f, 'frame-' || lpad(f::text, 6, '0') || '.png', $2, 640, 480, $3 FROM generate_series(0, $4 - 1) f`,
        [taskId, objectName, PIXEL.length, frames],
      );
      // Shape s on frame s % frames: 6 in 10 rectangles, 3 polygons, 1 skeleton (its points below).
      await pg.query(
        `INSERT INTO "task"."annotation" ("id", "task_id", "frame", "label_id", "type", "points", "score", "source", "job_id", "attributes")
         SELECT gen_random_uuid(), $1, s % $6,
                CASE WHEN s % 10 < 6 THEN $2::uuid WHEN s % 10 < 9 THEN $3::uuid ELSE $4::uuid END,
                CASE WHEN s % 10 < 6 THEN 'RECTANGLE' WHEN s % 10 < 9 THEN 'POLYGON' ELSE 'SKELETON' END,
                CASE WHEN s % 10 < 6 THEN ARRAY[s % 600 + 0.5, s % 400 + 0.25, s % 600 + 40.75, s % 400 + 60]::real[]
                     WHEN s % 10 < 9 THEN ARRAY[10.5, 20.25, 30, 20, 40.75, 35, 38, 50.5, 22, 55, 12.125, 40]::real[]
                     ELSE '{}'::real[] END,
                0.5 + (s % 50) / 100.0, 'AUTO', 'bench-job', '[]'::jsonb
           FROM generate_series(0, $5 - 1) s ORDER BY s % $6, s`,
        [taskId, car, road, person, shapes, frames],
      );
      await pg.query(
        `INSERT INTO "task"."annotation" ("id", "task_id", "parent_id", "frame", "label_id", "type", "points", "source", "attributes")
         SELECT gen_random_uuid(), a.task_id, a.id, a.frame, p.label_id, 'POINTS', ARRAY[100 + p.n * 10, 200]::real[], 'AUTO', '[]'::jsonb
           FROM "task"."annotation" a
           CROSS JOIN (VALUES (0, $2::uuid), (1, $3::uuid), (2, $4::uuid)) AS p(n, label_id)
          WHERE a.task_id = $1 AND a.type = 'SKELETON'`,
        [taskId, head, hand, foot],
      );
      await pg.query("ANALYZE");
      return taskId;
    };

    const download = async (taskId: string, format: string, includeFrames = false) => {
      const { exportAnnotations } = await gql<{ exportAnnotations: { url: string } }>(EXPORT, { t: taskId, f: format, i: includeFrames });
      const res = await fetch(`${base}${exportAnnotations.url}`);
      if (res.status !== 200) throw new Error(`${format}: HTTP ${res.status} ${await res.text()}`);
      let bytes = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
      return bytes;
    };

    const pagedRead = async (taskId: string) => {
      let after: string | null = null;
      let count = 0;
      for (;;) {
        const page: AnnotationPage["task"]["annotations"] = (await gql<AnnotationPage>(PAGE, { t: taskId, after })).task.annotations;
        count += page.edges.length;
        if (!page.pageInfo.hasNextPage) return count;
        after = page.pageInfo.endCursor;
      }
    };

    // Each measurement on a fresh task process (warmed up on a 100-frame task): V8 keeps the heap it grew, so runs in one
    // process would each start where the last left off.
    const warm = await seed(100, 1_000);
    const quarter = await seed(FRAMES / 4, SHAPES / 4);
    const taskId = await seed(FRAMES, SHAPES);
    const fresh = async (nodeOptions?: string) => {
      await stopProcesses([task!]);
      task = await startDeployable("task", { env: nodeOptions ? { ...env, NODE_OPTIONS: nodeOptions } : env, logDir });
      base = `http://127.0.0.1:${task.port}`;
      await download(warm, "COCO_INSTANCES");
      await download(warm, "CVAT_IMAGES");
      await download(warm, "YOLO_DETECT", true);
      await pagedRead(warm);
      const pid = task.child.pid!;
      return { pid, idle: rssOf(pid) };
    };
    console.log(`task: ${FRAMES} frames, ${SHAPES} shapes (${SHAPES / 10} skeletons of 3 points); each run on a fresh task process`);
    const runs: [string, boolean][] = [
      ["COCO_INSTANCES", false],
      ["COCO_RESULTS", false],
      ["CVAT_IMAGES", false],
      ["YOLO_DETECT", false],
      ["YOLO_SEGMENT", false],
      ["COCO_INSTANCES", true],
    ];
    const exportMs = new Map<string, number>();
    for (const [format, frames] of runs) {
      const name = `${format}${frames ? " + frames (zip)" : ""}`;
      for (const [size, id] of [
        ["1/4", quarter],
        ["all", taskId],
      ] as const) {
        const { pid, idle } = await fresh();
        const run = await withPeakRss(pid, () => download(id, format, frames));
        if (size === "all") exportMs.set(name, run.ms);
        console.log(
          `export ${size} ${`${name}:`.padEnd(31)} ${run.ms.toFixed(0).padStart(6)} ms, ${mb(run.result).padStart(8)}, ` +
            `RSS idle ${mb(idle)}, peak ${mb(run.peak)} (+${mb(run.peak - idle)}) (load ${loadAverage()})`,
        );
      }
    }
    for (const [size, id, shapes] of [
      ["1/4", quarter, SHAPES / 4],
      ["all", taskId, SHAPES],
    ] as const) {
      const { pid, idle } = await fresh();
      const baseline = await withPeakRss(pid, () => pagedRead(id));
      if (baseline.result !== shapes) throw new Error(`paged read saw ${baseline.result} annotations, not ${shapes}`);
      if (size === "all") {
        console.log(`export time / baseline: ${[...exportMs].map(([name, ms]) => `${name} ${(ms / baseline.ms).toFixed(2)}`).join(", ")}`);
      }
      console.log(
        `baseline ${size} Task.annotations paged (500): ${baseline.ms.toFixed(0)} ms, RSS idle ${mb(idle)}, peak ${mb(baseline.peak)} ` +
          `(+${mb(baseline.peak - idle)}) (load ${loadAverage()})`,
      );
    }
    // Bounded, not just small: the whole task's exports on a task process whose V8 old space is capped at HEAP_CAP_MB.
    // A heap that had to hold the task (or the file) would fail with "JavaScript heap out of memory".
    const { pid } = await fresh(`--max-old-space-size=${HEAP_CAP_MB}`);
    for (const [format, frames] of runs) {
      const run = await withPeakRss(pid, () => download(taskId, format, frames));
      console.log(
        `heap capped at ${HEAP_CAP_MB} MB, all ${`${format}${frames ? " + frames (zip)" : ""}:`.padEnd(31)} ${run.ms.toFixed(0).padStart(6)} ms, ` +
          `${mb(run.result).padStart(8)}, peak RSS ${mb(run.peak)} (load ${loadAverage()})`,
      );
    }
  } finally {
    if (task) await stopProcesses([task]);
    await messaging.close();
    await pg.end().catch(() => undefined);
    await nats.cleanup();
    await db.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

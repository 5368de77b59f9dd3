// importAnnotations at scale (issue 15): a COCO instances file of FRAMES images and SHAPES annotations (per frame: 7
// boxes and 3 twelve-point polygons) imported through the task service's GraphQL multipart endpoint, the service
// running as its own process on a fresh database and NATS namespace, its frames inserted as rows (an import needs
// their names and sizes, not their bytes). Measured: the mutation's wall time, and the service's peak RSS during it
// (VmHWM, reset through /proc/<pid>/clear_refs just before), against its RSS before. Baselines in the same run: a
// node process that only reads the file's bytes (readFileSync), and one that also JSON.parses it (what an importer
// holding the document needs at least). The import runs at SHAPES and at SHAPES / 4 (a quarter of the frames): a
// streamed import's peak does not grow with the file. Last, the service is restarted with its V8 old space capped at
// CAPPED_HEAP_MIB (--max-old-space-size) and imports the larger file again: an importer holding the parsed document
// would need more than the cap (the JSON.parse baseline's peak); a streamed one finishes.
// Run: npm run bench:import -w @prelabel/bench   (FRAMES=10000 SHAPES=100000 CAPPED_HEAP_MIB=128)
import { execFileSync } from "node:child_process";
import { createWriteStream, mkdtempSync, openAsBlob, readFileSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { createTestDatabase, createTestNats, startDeployable, stopProcesses, type RunningProcess } from "@prelabel/testing";
import { Client } from "pg";
import { loadAverage } from "./process-cpu.meter.js";

const FRAMES = Number(process.env.FRAMES ?? 10_000);
const SHAPES = Number(process.env.SHAPES ?? 100_000);
const CAPPED_HEAP_MIB = Number(process.env.CAPPED_HEAP_MIB ?? 128);
const MiB = 1024 * 1024;

/** Writes a COCO instances file of `frames` images and `shapes` annotations (7 boxes, 3 polygons in each 10). */
async function writeCoco(path: string, frames: number, shapes: number): Promise<number> {
  const out = createWriteStream(path);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, "drain");
  };
  await write('{"info":{"description":"prelabel import bench"},"images":[');
  for (let i = 0; i < frames; i++)
    await write(`${i ? "," : ""}{"id":${i + 1},"file_name":"frame_${String(i).padStart(6, "0")}.jpg","width":1280,"height":720}`);
  await write('],"annotations":[');
  for (let a = 0; a < shapes; a++) {
    const image = (a % frames) + 1;
    const x = (a * 37) % 1100;
    const y = (a * 53) % 600;
    const body =
      a % 10 < 7
        ? `"category_id":1,"bbox":[${x}.5,${y}.25,${40 + (a % 90)},${30 + (a % 70)}],"segmentation":[]`
        : `"category_id":2,"bbox":[${x},${y},100,100],"segmentation":[[${Array.from({ length: 12 }, (_, k) => `${x + Math.round(50 + 45 * Math.cos((k * Math.PI) / 6))},${y + Math.round(50 + 45 * Math.sin((k * Math.PI) / 6))}`).join(",")}]]`;
    await write(`${a ? "," : ""}{"id":${a + 1},"image_id":${image},${body},"iscrowd":0,"attributes":{"occluded":false}}`);
  }
  await write('],"categories":[{"id":1,"name":"car","supercategory":""},{"id":2,"name":"area","supercategory":""}]}');
  out.end();
  await once(out, "finish");
  return statSync(path).size;
}

/** kB → MiB of a /proc/<pid>/status field. */
function statusMiB(pid: number | "self", field: "VmRSS" | "VmHWM"): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Peak RSS of a fresh node process that reads the file (and JSON.parses it when asked). */
function baselinePeak(path: string, parse: boolean): number {
  const script = `const b = require("fs").readFileSync(${JSON.stringify(path)}); ${parse ? "globalThis.doc = JSON.parse(b.toString('utf8'));" : "globalThis.b = b;"}
    const m = /^VmHWM:\\s+(\\d+) kB/m.exec(require("fs").readFileSync("/proc/self/status", "utf8")); console.log(Number(m[1]) / 1024);`;
  return Number(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }).trim());
}

interface GraphQLAnswer<T> {
  data?: T;
  errors?: unknown[];
}

async function graphql<T>(url: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as GraphQLAnswer<T>;
  if (body.errors || !body.data) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function main(): Promise<void> {
  console.log(`annotation import bench: ${availableParallelism()} cores, load average ${loadAverage()} (1 / 5 / 15 min)`);
  const db = await createTestDatabase();
  const nats = await createTestNats();
  const dir = mkdtempSync(join(tmpdir(), "prelabel-import-bench-"));
  const pg = new Client({ connectionString: db.url });
  let task: RunningProcess | undefined;
  try {
    const env = {
      PATH: process.env.PATH ?? "",
      NATS_URL: nats.url,
      NATS_NAMESPACE: nats.namespace,
      DATABASE_URL: db.url,
      LOG_LEVEL: "warn",
      FRAME_GC_ON_START: "false",
      ANNOTATION_IMPORT_MAX_BYTES: String(256 * MiB),
    };
    task = await startDeployable("task", { env, logDir: dir });
    let url = `http://127.0.0.1:${task.port}/graphql`;
    let pid = task.child.pid!;
    await pg.connect();

    const runs: { shapes: number; frames: number }[] = [
      { frames: Math.max(1, Math.round(FRAMES / 4)), shapes: Math.round(SHAPES / 4) },
      { frames: FRAMES, shapes: SHAPES },
    ];
    const importRun = async (run: { shapes: number; frames: number }, path: string, bytes: number, label: string) => {
      const { createTask } = await graphql<{ createTask: { id: string } }>(
        url,
        `
          mutation ($input: CreateTaskInput!) {
            createTask(input: $input) {
              id
            }
          }
        `,
        {
          input: {
            name: `import bench ${run.shapes}`,
            labels: [
              { name: "car", type: "RECTANGLE" },
              { name: "area", type: "POLYGON" },
            ],
          },
        },
      );
      const taskId: string = createTask.id;
      await pg.query(
        `INSERT INTO "task"."frame" ("task_id", "index", "name", "object_name", "width", "height", "size_bytes")
         SELECT $1, i, 'frame_' || lpad(i::text, 6, '0') || '.jpg', 'sha256-bench', 1280, 720, 1000 FROM generate_series(0, $2 - 1) AS i`,
        [taskId, run.frames],
      );
      await pg.query(`UPDATE "task"."task" SET "size" = $2 WHERE "id" = $1`, [taskId, run.frames]);
      const form = new FormData();
      form.append(
        "operations",
        JSON.stringify({
          query: `mutation ($taskId: ID!, $file: Upload!) { importAnnotations(taskId: $taskId, file: $file, format: COCO_INSTANCES) { applied imported skipped clipped } }`,
          variables: { taskId, file: null },
        }),
      );
      form.append("map", JSON.stringify({ "0": ["variables.file"] }));
      form.append("0", await openAsBlob(path), "instances.json");
      const rssBefore = statusMiB(pid, "VmRSS");
      writeFileSync(`/proc/${pid}/clear_refs`, "5"); // resets VmHWM to the current RSS
      const started = performance.now();
      const res = await fetch(url, { method: "POST", body: form, headers: { "apollo-require-preflight": "true" } });
      const body = (await res.json()) as GraphQLAnswer<{ importAnnotations: { applied: boolean; imported: number } }>;
      const seconds = (performance.now() - started) / 1000;
      const peak = statusMiB(pid, "VmHWM");
      if (body.errors || !body.data) throw new Error(JSON.stringify(body.errors));
      const report = body.data.importAnnotations;
      const { rows } = await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM "task"."annotation" WHERE "task_id" = $1`, [taskId]);
      if (report.imported !== run.shapes || rows[0].n !== run.shapes) throw new Error(`imported ${report.imported}, stored ${rows[0].n}`);
      console.log(
        [
          `${label}${run.frames} frames, ${run.shapes} shapes, file ${(bytes / MiB).toFixed(1)} MiB: imported ${report.imported} in ${seconds.toFixed(2)} s (${Math.round(run.shapes / seconds)} shapes/s)`,
          `  task service RSS ${rssBefore.toFixed(0)} MiB before, peak ${peak.toFixed(0)} MiB during: +${(peak - rssBefore).toFixed(0)} MiB`,
        ].join("\n"),
      );
    };
    let last: { run: { shapes: number; frames: number }; path: string; bytes: number } | undefined;
    for (const run of runs) {
      const path = join(dir, `instances-${run.shapes}.json`);
      const bytes = await writeCoco(path, run.frames, run.shapes);
      await importRun(run, path, bytes, "");
      console.log(
        `  baselines: a process reading the file peaks at ${baselinePeak(path, false).toFixed(0)} MiB, reading and JSON.parsing it at ${baselinePeak(path, true).toFixed(0)} MiB`,
      );
      last = { run, path, bytes };
    }
    await stopProcesses([task]);
    task = await startDeployable("task", { env, logDir: dir, nodeArgs: [`--max-old-space-size=${CAPPED_HEAP_MIB}`] });
    url = `http://127.0.0.1:${task.port}/graphql`;
    pid = task.child.pid!;
    await importRun(last!.run, last!.path, last!.bytes, `old space capped at ${CAPPED_HEAP_MIB} MiB: `);
  } finally {
    await pg.end().catch(() => undefined);
    if (task) await stopProcesses([task]);
    await nats.cleanup().catch(() => undefined);
    await db.drop().catch(() => undefined);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

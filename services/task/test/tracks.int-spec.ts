import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { DataSource } from "typeorm";
import { ShapeType as S } from "../src/domain/label-types.js";
import type { StagedShape } from "../src/domain/staged-shape.js";
import type { TrackingSettings } from "../src/domain/track.js";
import { StagingRepository, type CommitRequest } from "../src/persistence/staging.repository.js";
import { TaskRepository } from "../src/persistence/task.repository.js";
import { TrackRepository } from "../src/persistence/track.repository.js";
import { callerOf, DEFAULT_TENANT } from "./support/callers.js";
import { CREATE_TASK, createSchemaHarness, dataOf, errorCodes, SAMPLE_LABELS, type SchemaHarness } from "./support/harness.js";

const TRACKING: TrackingSettings = { iouThreshold: 0.3, maxAge: 30, minHits: 3, highScore: 0.5, lowScore: 0.1 };

interface Labels {
  car: string;
  person: string;
  head: string;
  foot: string;
  road: string;
}

let h: SchemaHarness;
let other: SchemaHarness;

before(async () => {
  [h, other] = await Promise.all([createSchemaHarness(), createSchemaHarness()]);
});

after(async () => {
  await Promise.all([h?.cleanup(), other?.cleanup()]);
});

async function newTask(harness: SchemaHarness, frames: number): Promise<{ id: string; labels: Labels }> {
  const task = dataOf(await harness.exec(CREATE_TASK, { input: { name: "tracks", labels: SAMPLE_LABELS } })).createTask;
  const [car, person, road] = task.labels;
  await new TaskRepository(harness.dataSource).appendFrames(
    DEFAULT_TENANT,
    task.id,
    Array.from({ length: frames }, (_, i) => ({
      name: `f${i}.png`,
      objectName: `sha256-${String(i).padStart(64, "0")}`,
      width: 1000,
      height: 1000,
      sizeBytes: 1,
    })),
  );
  return {
    id: task.id,
    labels: { car: car.id, person: person.id, head: person.sublabels[0].id, foot: person.sublabels[1].id, road: road.id },
  };
}

const shape = (labelId: string, type: S, points: number[], extra: Partial<StagedShape> = {}): StagedShape => ({
  labelId,
  type,
  points,
  mask: null,
  score: 0.9,
  attributes: [],
  elements: [],
  occluded: false,
  outside: false,
  ...extra,
});

const carBox = (row: number, frame: number) => [10 + frame * 3, 20 + row * 100, 70 + frame * 3, 80 + row * 100];

/**
 * 60 frames: three cars moving right on their own rows (car 2 leaves after frame 40, car 0 scores only 0.3 on frame 10:
 * the tracker's second stage keeps it), a person skeleton walking down, a one-frame false positive (never confirmed),
 * and per-frame shapes of other types: a polyline at 0.9 (kept) and one at 0.3 (below the threshold: dropped).
 */
function scene(l: Labels, frames = 60): { frame: number; shapes: StagedShape[] }[] {
  return Array.from({ length: frames }, (_, frame) => {
    const shapes: StagedShape[] = [];
    for (let row = 0; row < 3; row++) {
      if (row === 2 && frame > 40) continue;
      const score = row === 0 && frame === 10 ? 0.3 : 0.9;
      shapes.push(
        shape(l.car, S.RECTANGLE, carBox(row, frame), { score, attributes: [{ name: "color", value: row === 1 ? "blue" : "red" }] }),
      );
    }
    const y = 600 + frame * 2;
    shapes.push(
      shape(l.person, S.SKELETON, [], {
        score: 0.8,
        elements: [
          shape(l.head, S.POINTS, [800, y], { score: null }),
          shape(l.foot, S.POINTS, [810, y + 150], { score: null, occluded: frame % 2 === 0 }),
        ],
      }),
    );
    if (frame === 20) shapes.push(shape(l.car, S.RECTANGLE, [900, 900, 950, 950], { score: 0.95 }));
    shapes.push(shape(l.road, S.POLYLINE, [0, 0, 5, 5], { score: 0.9 }), shape(l.road, S.POLYLINE, [1, 1, 6, 6], { score: 0.3 }));
    return { frame, shapes };
  });
}

async function stageAll(harness: SchemaHarness, taskId: string, jobId: string, frames: { frame: number; shapes: StagedShape[] }[]) {
  const staging = new StagingRepository(harness.dataSource);
  for (const { frame, shapes } of frames) assert.equal(await staging.stage(DEFAULT_TENANT, jobId, taskId, frame, shapes), "staged");
}

function commitRequest(taskId: string, jobId: string, frames: number[], extra: Partial<CommitRequest> = {}): CommitRequest {
  return {
    tenantId: DEFAULT_TENANT,
    jobId,
    taskId,
    cleanOldAnnotations: false,
    succeededFrames: frames,
    frameStart: Math.min(...frames),
    frameStop: Math.max(...frames),
    tracking: TRACKING,
    ...extra,
  };
}

const range = (start: number, stop: number) => Array.from({ length: stop - start + 1 }, (_, i) => start + i);

/** A task's tracks as data that does not depend on the database: label names instead of ids, tracks in seq order. */
async function readTracks(db: DataSource, taskId: string): Promise<unknown[]> {
  const rows: any[] = await db.query(
    `SELECT k."id", l."name" AS "label", k."attributes", k."source", k."job_id", k."start_frame", k."end_frame",
            (SELECT json_agg(json_build_object('frame', s."frame", 'type', s."type", 'points', s."points", 'score', s."score",
                     'keyframe', s."keyframe", 'outside', s."outside", 'occluded', s."occluded",
                     'elements', (SELECT coalesce(json_agg(json_build_object('label', el."name", 'points', e->'points', 'outside', e->'outside', 'occluded', e->'occluded') ORDER BY o), '[]'::json)
                                    FROM jsonb_array_elements(s."elements") WITH ORDINALITY AS x(e, o) JOIN "task"."label" el ON el."id"::text = e->>'labelId'))
                     ORDER BY s."frame")
               FROM "task"."track_shape" s WHERE s."track_id" = k."id") AS "shapes"
       FROM "task"."track" k JOIN "task"."label" l ON l."id" = k."label_id"
      WHERE k."task_id" = $1 ORDER BY k."seq"`,
    [taskId],
  );
  return rows.map(({ id: _id, ...rest }) => rest);
}

async function annotationRows(db: DataSource, taskId: string): Promise<{ frame: number; type: string; score: number | null }[]> {
  return db.query(
    `SELECT "frame", "type", "score" FROM "task"."annotation" WHERE "task_id" = $1 AND "parent_id" IS NULL ORDER BY "frame", "seq"`,
    [taskId],
  );
}

describe("commit with tracking", () => {
  it("writes the scene's objects as tracks, keeps other types per frame at the threshold, and is the same in another database", async () => {
    const a = await newTask(h, 60);
    const b = await newTask(other, 60);
    await stageAll(h, a.id, "job-scene", scene(a.labels));
    await stageAll(other, b.id, "job-scene", scene(b.labels));

    const outA = await new StagingRepository(h.dataSource).commit(commitRequest(a.id, "job-scene", range(0, 59)));
    const outB = await new StagingRepository(other.dataSource).commit(commitRequest(b.id, "job-scene", range(0, 59)));
    assert.deepEqual(outA, { kind: "applied", annotationCount: 60, removedCount: 0, trackCount: 4, droppedShapes: 0, reviewCount: 0 });
    assert.deepEqual(outB, outA);

    const tracksA: any[] = await readTracks(h.dataSource, a.id);
    const tracksB = await readTracks(other.dataSource, b.id);
    assert.deepEqual(tracksB, tracksA, "the same staged results give the same tracks");

    assert.deepEqual(
      tracksA.map((t) => [t.label, t.start_frame, t.end_frame, t.source, t.job_id, t.attributes]),
      [
        ["car", 0, 59, "AUTO", "job-scene", [{ name: "color", value: "red" }]],
        ["car", 0, 59, "AUTO", "job-scene", [{ name: "color", value: "blue" }]],
        ["car", 0, 40, "AUTO", "job-scene", [{ name: "color", value: "red" }]],
        ["person", 0, 59, "AUTO", "job-scene", []],
      ],
    );
    const [car0, car1, car2, person] = tracksA;
    // Every frame matched: a keyframe with the detection's own points and score (the 0.3 one included, by the second stage).
    assert.equal(car0.shapes.length, 60);
    assert.deepEqual(car0.shapes[10].points, carBox(0, 10));
    assert.equal(Math.fround(car0.shapes[10].score), Math.fround(0.3));
    assert.ok(car0.shapes.every((s: any) => s.keyframe && !s.outside));
    assert.deepEqual(car1.shapes[59].points, carBox(1, 59));
    // The car that leaves: keyframes 0..40, then outside at 41 with its last box.
    assert.equal(car2.shapes.length, 42);
    assert.deepEqual(car2.shapes[41], { ...car2.shapes[40], frame: 41, score: null, outside: true });
    // The skeleton's points are kept with their labels and flags.
    assert.deepEqual(person.shapes[3].elements, [
      { label: "head", points: [800, 606], outside: false, occluded: false },
      { label: "foot", points: [810, 756], outside: false, occluded: false },
    ]);
    assert.equal(person.shapes[4].elements[1].occluded, true);

    // Tracked types are not per-frame annotations; the polyline at 0.9 is, the one at 0.3 was dropped at the threshold.
    const annotations = await annotationRows(h.dataSource, a.id);
    assert.equal(annotations.length, 60);
    assert.ok(annotations.every((r) => r.type === "POLYLINE" && Math.fround(r.score!) === Math.fround(0.9)));
  });

  it("a frame staged twice keeps its first result, and a second commit changes nothing", async () => {
    const t = await newTask(h, 30);
    const staging = new StagingRepository(h.dataSource);
    const frames = scene(t.labels, 30);
    await stageAll(h, t.id, "job-redelivered", frames);
    // A redelivered frame (another worker's result for it) is a duplicate: the first one stays.
    assert.equal(
      await staging.stage(DEFAULT_TENANT, "job-redelivered", t.id, 5, [shape(t.labels.car, S.RECTANGLE, [1, 1, 2, 2])]),
      "duplicate",
    );
    const first = await staging.commit(commitRequest(t.id, "job-redelivered", range(0, 29)));
    assert.equal(first.kind, "applied");
    const tracks = await readTracks(h.dataSource, t.id);
    const annotations = await annotationRows(h.dataSource, t.id);

    const again = await staging.commit(commitRequest(t.id, "job-redelivered", range(0, 29)));
    assert.deepEqual(again, { ...first, kind: "already-applied", droppedShapes: 0 });
    assert.equal(await staging.stage(DEFAULT_TENANT, "job-redelivered", t.id, 5, frames[5].shapes), "job-closed");
    assert.deepEqual(await readTracks(h.dataSource, t.id), tracks);
    assert.deepEqual(await annotationRows(h.dataSource, t.id), annotations);
  });

  it("a discarded job leaves the task unchanged, and its commit after that writes nothing", async () => {
    const t = await newTask(h, 20);
    const staging = new StagingRepository(h.dataSource);
    await stageAll(h, t.id, "job-cancelled", scene(t.labels, 20));
    const discarded = await staging.discard(DEFAULT_TENANT, "job-cancelled", t.id);
    assert.deepEqual(discarded, { kind: "discarded", stagedRowsRemoved: 20 });
    assert.deepEqual(await staging.commit(commitRequest(t.id, "job-cancelled", range(0, 19))), { kind: "discarded" });
    assert.deepEqual(await readTracks(h.dataSource, t.id), []);
    assert.deepEqual(await annotationRows(h.dataSource, t.id), []);
  });

  it("without tracking, every shape is a per-frame annotation as before, whatever its score", async () => {
    const t = await newTask(h, 10);
    const staging = new StagingRepository(h.dataSource);
    await stageAll(h, t.id, "job-off", scene(t.labels, 10));
    const outcome = await staging.commit(commitRequest(t.id, "job-off", range(0, 9), { tracking: null }));
    // Per frame: 3 cars, a person, two polylines.
    assert.deepEqual(outcome, { kind: "applied", annotationCount: 60, removedCount: 0, trackCount: 0, droppedShapes: 0, reviewCount: 0 });
    assert.deepEqual(await readTracks(h.dataSource, t.id), []);
    const rows = await annotationRows(h.dataSource, t.id);
    assert.equal(rows.filter((r) => r.type === "RECTANGLE").length, 30);
    assert.equal(rows.filter((r) => r.type === "POLYLINE" && Math.fround(r.score!) === Math.fround(0.3)).length, 10);
  });

  it("cleanOldAnnotations removes the previous tracks visible in the range (whole), and keeps the others", async () => {
    const t = await newTask(h, 60);
    const staging = new StagingRepository(h.dataSource);
    await stageAll(h, t.id, "job-old", scene(t.labels));
    assert.equal((await staging.commit(commitRequest(t.id, "job-old", range(0, 59)))).kind, "applied");
    // A second run over 45..59: cars 0 and 1 and the person are visible there, car 2 (0..40) is not.
    await stageAll(h, t.id, "job-new", scene(t.labels).slice(45));
    const outcome = await staging.commit(commitRequest(t.id, "job-new", range(45, 59), { cleanOldAnnotations: true }));
    assert.equal(outcome.kind, "applied");
    assert.equal(outcome.kind === "applied" && outcome.trackCount, 3);
    const tracks: any[] = await readTracks(h.dataSource, t.id);
    assert.deepEqual(
      tracks.map((k) => [k.job_id, k.label, k.start_frame, k.end_frame]),
      [
        ["job-old", "car", 0, 40],
        ["job-new", "car", 45, 59],
        ["job-new", "car", 45, 59],
        ["job-new", "person", 45, 59],
      ],
    );
  });

  it("deleting the task removes its tracks and their shapes", async () => {
    const t = await newTask(h, 10);
    await stageAll(h, t.id, "job-deleted", scene(t.labels, 10));
    await new StagingRepository(h.dataSource).commit(commitRequest(t.id, "job-deleted", range(0, 9)));
    const trackIds: { id: string }[] = await h.dataSource.query(`SELECT "id" FROM "task"."track" WHERE "task_id" = $1`, [t.id]);
    assert.ok(trackIds.length > 0);
    dataOf(await h.exec(`mutation ($id: ID!) { deleteTask(id: $id) }`, { id: t.id }));
    const left: { n: number }[] = await h.dataSource.query(
      `SELECT (SELECT count(*) FROM "task"."track" WHERE "task_id" = $1)::int + (SELECT count(*) FROM "task"."track_shape" WHERE "track_id" = ANY($2::uuid[]))::int AS n`,
      [t.id, trackIds.map((r) => r.id)],
    );
    assert.equal(left[0].n, 0);
  });

  it("commits 10,000 frames × 10 objects", async () => {
    const frames = 10_000;
    const objects = 10;
    const t = await newTask(h, frames);
    // Staged in one statement (staging frame by frame is the workers' pace, not what is measured here).
    // Ten objects on their own rows, moving right 2 px a frame, scores 0.6..0.87.
    const box = (o: number, f: number) => [f * 2, o * 100, f * 2 + 60, o * 100 + 60];
    const rows = Array.from({ length: frames }, (_, f) => ({
      frame: f,
      shapes: Array.from({ length: objects }, (_, o) => shape(t.labels.car, S.RECTANGLE, box(o, f), { score: 0.6 + o * 0.03 })),
    }));
    await h.dataSource.query(
      `INSERT INTO "task"."staged_result" ("job_id", "frame", "task_id", "shapes")
       SELECT 'job-big', x.frame, $2, x.shapes FROM json_to_recordset($1::json) AS x(frame int, shapes jsonb)`,
      [JSON.stringify(rows), t.id],
    );
    const started = performance.now();
    const outcome = await new StagingRepository(h.dataSource).commit(commitRequest(t.id, "job-big", range(0, frames - 1)));
    const ms = performance.now() - started;
    console.log(`# commit of ${frames} frames × ${objects} objects with tracking: ${ms.toFixed(0)} ms`);
    assert.deepEqual(outcome, { kind: "applied", annotationCount: 0, removedCount: 0, trackCount: 10, droppedShapes: 0, reviewCount: 0 });

    // One track per object over every frame, a keyframe on each (no outside marker: every track lasts to the last frame).
    const tracks: { start_frame: number; end_frame: number; n: number }[] = await h.dataSource.query(
      `SELECT k."start_frame", k."end_frame", count(*)::int AS n FROM "task"."track" k JOIN "task"."track_shape" s ON s."track_id" = k."id"
        WHERE k."task_id" = $1 AND s."keyframe" AND NOT s."outside" GROUP BY k."id" ORDER BY k."seq"`,
      [t.id],
    );
    assert.deepEqual(
      tracks.map((k) => [k.start_frame, k.end_frame, k.n]),
      Array.from({ length: objects }, () => [0, frames - 1, frames]),
    );
    // Each track is one object: its keyframes are that object's boxes (sampled), with their scores.
    const sampled: { seq: number; frame: number; points: number[]; score: number }[] = await h.dataSource.query(
      `SELECT dense_rank() OVER (ORDER BY k."seq")::int - 1 AS "seq", s."frame", s."points", s."score"
         FROM "task"."track" k JOIN "task"."track_shape" s ON s."track_id" = k."id"
        WHERE k."task_id" = $1 AND s."frame" IN (0, 4321, 9999) ORDER BY k."seq", s."frame"`,
      [t.id],
    );
    const objectOf = (points: number[]) => points[1] / 100;
    for (const r of sampled) {
      assert.deepEqual(r.points, box(objectOf(r.points), r.frame));
      assert.equal(Math.fround(r.score), Math.fround(0.6 + objectOf(r.points) * 0.03));
    }
    // Read back through GraphQL: all 100,000 keyframes in one operation is the most one operation may return.
    const read = `query ($id: ID!) { task(id: $id) { tracks(first: 10) { edges { node { startFrame shapes { frame } } } } } }`;
    const all: any = dataOf(await h.exec(read, { id: t.id }));
    assert.deepEqual(
      all.task.tracks.edges.map((e: any) => e.node.shapes.length),
      Array.from({ length: objects }, () => frames),
    );
    const twice = `query ($id: ID!) { task(id: $id) { tracks(first: 10) { edges { node { a: shapes { frame } b: shapes(interpolated: true) { frame } } } } } }`;
    assert.deepEqual(errorCodes(await h.exec(twice, { id: t.id })), ["TOO_MANY_TRACK_SHAPES"]);

    const perTrack = new Map<number, Set<number>>();
    for (const r of sampled) perTrack.set(r.seq, (perTrack.get(r.seq) ?? new Set()).add(objectOf(r.points)));
    assert.equal(perTrack.size, objects);
    for (const ids of perTrack.values()) assert.equal(ids.size, 1, "a track follows one object");
  });
});

describe("GraphQL reads", () => {
  let t: { id: string; labels: Labels };
  /** The scene, except that car 0 is not detected on frames 20..22 (the tracker keeps it; reads interpolate there). */
  before(async () => {
    t = await newTask(h, 60);
    const frames = scene(t.labels).map(({ frame, shapes }) => ({
      frame,
      shapes: frame >= 20 && frame <= 22 ? shapes.filter((s) => !(s.type === S.RECTANGLE && s.points[1] === 20)) : shapes,
    }));
    await stageAll(h, t.id, "job-read", frames);
    assert.equal((await new StagingRepository(h.dataSource).commit(commitRequest(t.id, "job-read", range(0, 59)))).kind, "applied");
  });

  const TRACKS = `query ($id: ID!, $first: Int, $after: String, $frame: Int, $interpolated: Boolean) { task(id: $id) {
    tracks(first: $first, after: $after, frame: $frame) { totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { id label { name } attributes { name value } source jobId startFrame endFrame
        shapes(interpolated: $interpolated) { frame type points keyframe outside occluded score elements { label { name } points outside occluded } } } } } } }`;

  async function tracks(variables: Record<string, unknown>): Promise<any> {
    return dataOf(await h.exec(TRACKS, { id: t.id, ...variables }));
  }

  it("pages tracks by first frame with cursors, and counts them", async () => {
    const first = (await tracks({ first: 2 })).task.tracks;
    assert.equal(first.totalCount, 4);
    assert.equal(first.pageInfo.hasNextPage, true);
    const rest = (await tracks({ first: 2, after: first.pageInfo.endCursor })).task.tracks;
    assert.equal(rest.pageInfo.hasNextPage, false);
    const all = [...first.edges, ...rest.edges].map((e: any) => e.node);
    assert.deepEqual(
      all.map((k: any) => [k.label.name, k.startFrame, k.endFrame, k.source, k.jobId]),
      [
        ["car", 0, 59, "AUTO", "job-read"],
        ["car", 0, 59, "AUTO", "job-read"],
        ["car", 0, 40, "AUTO", "job-read"],
        ["person", 0, 59, "AUTO", "job-read"],
      ],
    );
    assert.deepEqual(all[1].attributes, [{ name: "color", value: "blue" }]);
    assert.equal(new Set(all.map((k: any) => k.id)).size, 4);
  });

  it("filters by frame: only the tracks visible there", async () => {
    const at50 = (await tracks({ frame: 50 })).task.tracks;
    assert.equal(at50.totalCount, 3);
    assert.ok(at50.edges.every((e: any) => e.node.startFrame <= 50 && e.node.endFrame >= 50));
    assert.equal((await tracks({ frame: 40 })).task.tracks.totalCount, 4);
    assert.equal((await tracks({ frame: 41 })).task.tracks.totalCount, 3, "car 2 is outside from frame 41");
    assert.equal((await tracks({ frame: 60 })).task.tracks.totalCount, 0);
  });

  it("gives keyframes, or one shape per frame interpolated between them", async () => {
    const nodes = (await tracks({ first: 10 })).task.tracks.edges.map((e: any) => e.node);
    const car0 = nodes[0];
    // Not detected on 20..22: no keyframes there.
    assert.deepEqual(
      car0.shapes.map((s: any) => s.frame).filter((f: number) => f >= 18 && f <= 24),
      [18, 19, 23, 24],
    );
    const interpolated = (await tracks({ first: 10, interpolated: true })).task.tracks.edges.map((e: any) => e.node);
    const shapes = interpolated[0].shapes;
    assert.deepEqual(
      shapes.map((s: any) => s.frame),
      range(0, 59),
    );
    // Linear motion: interpolating between frames 19 and 23 gives the true boxes, as shapes that are not keyframes.
    for (const f of [20, 21, 22]) {
      assert.deepEqual(shapes[f].points, carBox(0, f));
      assert.deepEqual([shapes[f].keyframe, shapes[f].score], [false, null]);
    }
    assert.equal(shapes[19].keyframe, true);
    // The car that leaves: keyframes up to 40, then its outside marker; interpolated, nothing after 40.
    assert.deepEqual(nodes[2].shapes.at(-1).frame, 41);
    assert.equal(nodes[2].shapes.at(-1).outside, true);
    assert.deepEqual(interpolated[2].shapes.at(-1).frame, 40);
    assert.ok(interpolated[2].shapes.every((s: any) => !s.outside));
    // A skeleton's points, with their labels.
    assert.deepEqual(
      interpolated[3].shapes[5].elements.map((e: any) => [e.label.name, e.points]),
      [
        ["head", [800, 610]],
        ["foot", [810, 760]],
      ],
    );
  });

  it("loads the shapes of many tracks with one query", async () => {
    let queries = 0;
    const logger = h.dataSource.logger;
    const counting = Object.assign(Object.create(Object.getPrototypeOf(logger)), logger, {
      logQuery: (query: string) => {
        if (query.includes(`"task"."track_shape"`)) queries += 1;
      },
    });
    (h.dataSource as any).logger = counting;
    const previous = h.dataSource.options.logging;
    (h.dataSource.options as any).logging = true;
    try {
      await tracks({ first: 10 });
    } finally {
      (h.dataSource as any).logger = logger;
      (h.dataSource.options as any).logging = previous;
    }
    assert.equal(queries, 1);
  });

  it("another tenant sees no tracks", async () => {
    const foreign = await h.execAs(callerOf("tenant-b"), TRACKS, { id: t.id });
    assert.equal((dataOf(foreign) as any).task, null);
    const repo = new TrackRepository(h.dataSource);
    assert.deepEqual(await repo.page("tenant-b", t.id, null, 10, null), { rows: [], hasNextPage: false });
    assert.equal(await repo.count("tenant-b", t.id, null), 0);
    const ids = (await repo.page(DEFAULT_TENANT, t.id, null, 10, null)).rows.map((k) => k.id);
    assert.equal(ids.length, 4);
    const foreignShapes = await repo.keyframesOf("tenant-b", ids);
    assert.ok([...foreignShapes.values()].every((shapes) => shapes.length === 0));
  });
});

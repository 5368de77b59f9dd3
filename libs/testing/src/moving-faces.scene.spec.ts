import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { locateFfmpeg } from "@prelabel/video";
import { movingFacesScene, type MovingFacesScene, type SceneBox } from "./moving-faces.scene.js";

function iou(a: SceneBox, b: SceneBox): number {
  const w = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const h = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const i = w * h;
  return i / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - i);
}

/** The frames where object `id` is in the truth. */
function present(scene: MovingFacesScene, id: string): number[] {
  return scene.truth.filter((f) => f.objects.some((o) => o.id === id)).map((f) => f.frame);
}

/** Runs of consecutive frames, e.g. [0..10], [40..74]. */
function runs(frames: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const f of frames) {
    const last = out.at(-1);
    if (last && last[1] === f - 1) last[1] = f;
    else out.push([f, f]);
  }
  return out;
}

describe("movingFacesScene", () => {
  let scene: MovingFacesScene;
  before(async () => {
    scene = await movingFacesScene();
  });

  it("renders 75 frames of 640×360 RGB24, different from one another", () => {
    assert.equal(scene.truth.length, 75);
    const frames = [...scene.frames()];
    assert.equal(frames.length, 75);
    for (const f of frames) assert.equal(f.length, 640 * 360 * 3);
    assert.ok(!frames[0].equals(frames[1]));
    assert.ok(scene.frame(10).equals(frames[10]), "deterministic");
    assert.throws(() => scene.frame(75), RangeError);
  });

  it("has the events the tracker is tested on: a crossing, an occlusion, a face leaving and coming back", () => {
    const box = (frame: number, id: string) => scene.truth[frame].objects.find((o) => o.id === id)?.box;
    // a and b cross: a is left of b at the start and right of it at the end, and their boxes overlap in between.
    assert.ok(box(0, "a")![0] < box(0, "b")![0] && box(74, "a")![0] > box(74, "b")![0]);
    const overlap = Math.max(
      ...scene.truth.map((f) => (box(f.frame, "a") && box(f.frame, "b") ? iou(box(f.frame, "a")!, box(f.frame, "b")!) : 0)),
    );
    assert.ok(overlap > 0.1, `a and b overlap at most ${overlap}`);
    // ... and b, drawn later, hides a for a few frames at the crossing.
    const a = runs(present(scene, "a"));
    assert.equal(a.length, 2, `a present ${JSON.stringify(a)}`);
    assert.ok(a[1][0] - a[0][1] <= 5, "a brief gap");
    // c disappears behind d for some frames and comes back; d is always visible.
    const c = runs(present(scene, "c"));
    assert.equal(c.length, 2, `c present ${JSON.stringify(c)}`);
    assert.ok(c[1][0] - c[0][1] > 5, "hidden for more than 5 frames");
    assert.equal(present(scene, "d").length, 75);
    // e leaves through the right edge and re-enters.
    const e = runs(present(scene, "e"));
    assert.equal(e.length, 2, `e present ${JSON.stringify(e)}`);
    assert.ok(e[1][0] - e[0][1] > 10, "out for more than 10 frames");
    // Truth boxes stay inside the frame.
    for (const f of scene.truth) for (const o of f.objects) assert.ok(o.box[0] >= 0 && o.box[1] >= 0 && o.box[2] <= 640 && o.box[3] <= 360);
  });

  it("scales its paths with the frame count (a longer scene is the same motion, slower)", async () => {
    const long = await movingFacesScene({ frameCount: 150 });
    assert.equal(long.truth.length, 150);
    assert.deepEqual(long.truth[149].objects, scene.truth[74].objects);
  });

  it("encodes into a video ffprobe reads back with every frame", async () => {
    const binaries = locateFfmpeg({ searchPath: process.env.PATH });
    const out = join(mkdtempSync(join(tmpdir(), "scene-")), "scene.mp4");
    await scene.writeVideo(binaries, out);
    const probed = JSON.parse(
      execFileSync(binaries.ffprobe, [
        "-v",
        "error",
        "-count_frames",
        "-show_entries",
        "stream=width,height,nb_read_frames,codec_name",
        "-of",
        "json",
        out,
      ]).toString(),
    ).streams[0];
    assert.deepEqual(probed, { codec_name: "h264", width: 640, height: 360, nb_read_frames: "75" });
  });
});

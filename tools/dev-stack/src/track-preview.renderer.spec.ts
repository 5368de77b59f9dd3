import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import sharp from "sharp";
import { locateFfmpeg } from "@prelabel/video";
import { renderTrackFrame, trackOverlaySvg, writeGif, type PreviewTrack } from "./track-preview.renderer.js";

const tracks: PreviewTrack[] = [
  {
    caption: "#1",
    label: { name: "face" },
    shapes: [
      { frame: 0, points: [10, 10, 40, 40], keyframe: true, outside: false },
      { frame: 1, points: [20, 10, 50, 40], keyframe: false, outside: false },
      { frame: 2, points: [30, 10, 60, 40], keyframe: true, outside: true },
    ],
  },
  { caption: "#2", label: { name: "face" }, shapes: [{ frame: 1, points: [60, 30, 90, 60], keyframe: true, outside: false }] },
];

describe("trackOverlaySvg", () => {
  it("draws the tracks visible at a frame with their ids, solid on keyframes and dashed when interpolated", () => {
    const at0 = trackOverlaySvg(100, 80, 0, tracks);
    assert.match(at0, /<rect x="10" y="10" width="30" height="30"[^>]*stroke="#e6194b"[^>]*\/>/);
    assert.doesNotMatch(at0, /stroke-dasharray/);
    assert.match(at0, />#1 face</);
    assert.doesNotMatch(at0, /#2/);
    const at1 = trackOverlaySvg(100, 80, 1, tracks);
    assert.match(at1, /<rect x="20" y="10"[^>]*stroke-dasharray/);
    assert.match(at1, /<rect x="60" y="30"[^>]*stroke="#3cb44b"/, "the second track in its own colour");
    assert.match(at1, />frame 1</);
    // An outside keyframe ends the track: nothing drawn.
    assert.doesNotMatch(trackOverlaySvg(100, 80, 2, tracks), /<rect/);
  });
});

describe("renderTrackFrame and writeGif", () => {
  it("draws onto a frame and assembles an animated, looping GIF of every frame", async () => {
    const frames: Buffer[] = [];
    for (const frame of [0, 1, 2]) {
      const image = await sharp({ create: { width: 100, height: 80, channels: 3, background: "#777" } })
        .jpeg()
        .toBuffer();
      const drawn = await renderTrackFrame(image, frame, tracks);
      assert.deepEqual([drawn.width, drawn.height, drawn.rgb.length], [100, 80, 100 * 80 * 3]);
      frames.push(drawn.rgb);
    }
    // Track #1's box edge at frame 0 is red-ish; the grey background elsewhere.
    const px = (f: Buffer, x: number, y: number) => [...f.subarray(3 * (y * 100 + x), 3 * (y * 100 + x) + 3)];
    const edge = px(frames[0], 10, 25);
    assert.ok(edge[0] > 180 && edge[1] < 100, edge.join(","));
    assert.deepEqual(px(frames[2], 10, 25), [119, 119, 119]);

    const out = join(mkdtempSync(join(tmpdir(), "track-gif-")), "t.gif");
    async function* source() {
      yield* frames;
    }
    await writeGif(locateFfmpeg({ searchPath: process.env.PATH }).ffmpeg, out, { width: 100, height: 80, fps: 10 }, source());
    const meta = await sharp(out, { animated: true }).metadata();
    assert.equal(meta.format, "gif");
    assert.equal(meta.pages, 3);
    assert.equal(meta.width, 100);
    assert.equal(meta.loop, 0);
  });
});

import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { decodeArgs, decodeVideoFrames, FrameSelectionError, jpegEnd, planFrames, VideoDecodeError } from "./video-decoder.js";

/** A minimal JPEG-shaped byte string: SOI, a segment, a scan whose data holds a stuffed 0xFF and a restart, EOI. */
const jpeg = (fill: number) =>
  Buffer.from([0xff, 0xd8, 0xff, 0xdb, 0x00, 0x04, 0xff, 0xd9, 0xff, 0xda, 0x00, 0x02, fill, 0xff, 0x00, 0xff, 0xd3, fill, 0xff, 0xd9]);

describe("planFrames", () => {
  it("resolves defaults and counts the frames a selection takes", () => {
    assert.deepEqual(planFrames(50), { frameStep: 1, startFrame: 0, stopFrame: 49, count: 50 });
    assert.deepEqual(planFrames(50, { frameStep: 3, startFrame: 5, stopFrame: 29 }), {
      frameStep: 3,
      startFrame: 5,
      stopFrame: 29,
      count: 9,
    });
    assert.deepEqual(planFrames(50, { frameStep: 10, startFrame: 49 }), { frameStep: 10, startFrame: 49, stopFrame: 49, count: 1 });
    assert.deepEqual(planFrames(100, { frameStep: 2, stopFrame: 10_000 }).count, 50);
  });

  it("refuses selections that are not one", () => {
    for (const selection of [
      { frameStep: 0 },
      { frameStep: 1.5 },
      { startFrame: -1 },
      { startFrame: 50 },
      { startFrame: 5, stopFrame: 4 },
    ]) {
      assert.throws(() => planFrames(50, selection), FrameSelectionError, JSON.stringify(selection));
    }
  });
});

describe("decodeArgs", () => {
  it("selects inside ffmpeg with passthrough timing and stops after the planned count", () => {
    const args = decodeArgs("/v.mp4", { streamIndex: 2 }, planFrames(50, { frameStep: 3, startFrame: 5, stopFrame: 29 }));
    const at = (flag: string) => args[args.indexOf(flag) + 1];
    assert.equal(at("-map"), "0:2");
    assert.equal(at("-vf"), "select='between(n,5,29)*not(mod(n-5,3))',showinfo");
    assert.equal(at("-vsync"), "passthrough");
    assert.equal(at("-frames:v"), "9");
    assert.equal(at("-c:v"), "mjpeg");
    assert.equal(args.at(-1), "pipe:1");
  });
});

describe("jpegEnd", () => {
  it("finds the end marker past stuffed bytes, restarts and an 0xFFD9 inside a table", () => {
    const one = jpeg(1);
    assert.equal(jpegEnd(one), one.length);
    assert.equal(jpegEnd(Buffer.concat([one, jpeg(2)])), one.length);
    for (let cut = 0; cut < one.length; cut++) assert.equal(jpegEnd(one.subarray(0, cut)), -1, `cut at ${cut}`);
    assert.throws(() => jpegEnd(Buffer.from("not a jpeg")));
  });
});

/** A JPEG-shaped frame of about `bytes` bytes (its scan data padded). */
function bigJpeg(bytes: number): Buffer {
  const head = Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02]);
  return Buffer.concat([head, Buffer.alloc(bytes, 0x11), Buffer.from([0xff, 0xd9])]);
}

/**
 * A stand-in for ffmpeg: a shell script writing the given JPEGs and showinfo lines, then exiting with `code`; it
 * touches `done` once it has written every frame.
 */
function fakeFfmpeg(frames: number, options: { code?: number; stderr?: string; slowTail?: boolean; frame?: Buffer } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "fake-ffmpeg-"));
  const frameFile = join(dir, "frame.jpg");
  writeFileSync(frameFile, options.frame ?? jpeg(7));
  const lines = [
    "#!/bin/sh",
    `echo $$ > ${join(dir, "pid")}`,
    `i=0; while [ $i -lt ${frames} ]; do`,
    `  echo "[Parsed_showinfo_1 @ 0x1] [info] n: $i pts: $((i * 512)) pts_time:$(echo "$i" | awk '{print $1 * 0.04}') pos: 0 fmt:yuvj420p" >&2`,
    `  cat ${frameFile}; i=$((i + 1)); done`,
    `touch ${join(dir, "done")}`,
    options.stderr ? `echo "${options.stderr}" >&2` : "",
    options.slowTail ? "sleep 30" : "",
    `exit ${options.code ?? 0}`,
  ];
  const bin = join(dir, "ffmpeg");
  writeFileSync(bin, lines.join("\n"));
  chmodSync(bin, 0o755);
  return { ffmpeg: bin, pidFile: join(dir, "pid"), doneFile: join(dir, "done") };
}

const probe = { streamIndex: 0, width: 320, height: 240, rotation: 90 as const };

describe("decodeVideoFrames (against a stand-in ffmpeg)", () => {
  it("yields each frame with its source frame number, timestamp and displayed size", async () => {
    const fake = fakeFfmpeg(4);
    const out = [];
    for await (const frame of decodeVideoFrames(fake, "/v.mp4", probe, planFrames(20, { frameStep: 5 }))) out.push(frame);
    assert.deepEqual(
      out.map((f) => [f.sourceFrame, f.timestampSeconds, f.width, f.height, f.jpeg.equals(jpeg(7))]),
      [
        [0, 0, 240, 320, true],
        [5, 0.04, 240, 320, true],
        [10, 0.08, 240, 320, true],
        [15, 0.12, 240, 320, true],
      ],
    );
  });

  it("fails fewer frames than planned as truncated, with ffmpeg's error lines as the cause", async () => {
    const fake = fakeFfmpeg(2, { stderr: "[error] [h264 @ 0x1] Invalid NAL unit size" });
    const frames: number[] = [];
    await assert.rejects(
      (async () => {
        for await (const frame of decodeVideoFrames(fake, "/v.mp4", probe, planFrames(5))) frames.push(frame.sourceFrame);
      })(),
      (err) =>
        err instanceof VideoDecodeError &&
        err.kind === "truncated" &&
        /2 of the 5/.test(err.message) &&
        /Invalid NAL unit/.test(err.detail ?? ""),
    );
    assert.deepEqual(frames, [0, 1], "the frames before the end came out");
  });

  it("fails a non-zero exit as corrupt", async () => {
    const fake = fakeFfmpeg(1, { code: 1, stderr: "[fatal] Decoder not found" });
    await assert.rejects(
      (async () => {
        for await (const _ of decodeVideoFrames(fake, "/v.mp4", probe, planFrames(1))) void _;
      })(),
      (err) => err instanceof VideoDecodeError && err.kind === "corrupt" && /Decoder not found/.test(err.message),
    );
  });

  it("kills ffmpeg when the consumer stops early, and on its time limit", async () => {
    const fake = fakeFfmpeg(3, { slowTail: true });
    for await (const _ of decodeVideoFrames(fake, "/v.mp4", probe, planFrames(10))) break;
    const pid = Number(readFileSync(fake.pidFile, "utf8"));
    assert.throws(() => process.kill(pid, 0), "ffmpeg is gone");

    const slow = fakeFfmpeg(3, { slowTail: true });
    await assert.rejects(
      (async () => {
        for await (const _ of decodeVideoFrames(slow, "/v.mp4", probe, planFrames(10), { timeoutMs: 300 })) void _;
      })(),
      (err) => err instanceof VideoDecodeError && err.kind === "timeout",
    );
    assert.ok(existsSync(slow.pidFile));
    assert.throws(() => process.kill(Number(readFileSync(slow.pidFile, "utf8")), 0), "ffmpeg is gone");
  });

  it("holds ffmpeg back while the consumer lags: a few frames queue, then the pipe fills and ffmpeg blocks", async () => {
    // 40 frames of 256 KiB: 10 MiB ffmpeg could write in a blink if nothing held it back.
    const fake = fakeFfmpeg(40, { frame: bigJpeg(256 * 1024) });
    const frames = decodeVideoFrames(fake, "/v.mp4", probe, planFrames(40), { maxQueuedFrames: 2 });
    const first = await frames.next();
    assert.equal(first.done, false);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal(existsSync(fake.doneFile), false, "ffmpeg is still blocked on the pipe while the consumer holds the first frame");
    let count = 1;
    for await (const _ of frames) count++;
    assert.equal(count, 40);
    assert.equal(existsSync(fake.doneFile), true);
  });
});

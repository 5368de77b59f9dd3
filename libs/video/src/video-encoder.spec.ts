import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { locateFfmpeg } from "./ffmpeg-binaries.js";
import { encodeVideo, VideoEncodeError, type VideoEncoderCodec } from "./video-encoder.js";

const binaries = locateFfmpeg({ searchPath: process.env.PATH });
const W = 64;
const H = 48;

/** Frame i: a solid colour whose red channel is 8·i, so decoded frames can be told apart. */
function* frames(n: number): Generator<Buffer> {
  for (let i = 0; i < n; i++) {
    const f = Buffer.alloc(W * H * 3);
    for (let p = 0; p < W * H; p++) f.set([(8 * i) % 256, 128, 255 - ((8 * i) % 256)], 3 * p);
    yield f;
  }
}

function probe(file: string): {
  codec: string;
  width: number;
  height: number;
  frames: number;
  format: string;
  brand?: string;
  rotation?: number;
} {
  const json = JSON.parse(
    execFileSync(
      binaries.ffprobe,
      [
        ["-v", "error", "-count_frames", "-select_streams", "v:0", "-print_format", "json"],
        [
          "-show_entries",
          "stream=codec_name,width,height,nb_read_frames:stream_side_data=rotation:stream_tags=rotate:format=format_name:format_tags=major_brand",
          file,
        ],
      ].flat(),
    ).toString(),
  );
  const s = json.streams[0];
  const rotation =
    s.side_data_list?.find((d: any) => d.rotation !== undefined)?.rotation ??
    (s.tags?.rotate !== undefined ? -Number(s.tags.rotate) : undefined);
  return {
    codec: s.codec_name,
    width: s.width,
    height: s.height,
    frames: Number(s.nb_read_frames),
    format: json.format.format_name,
    brand: json.format.tags?.major_brand?.trim(),
    rotation,
  };
}

describe("encodeVideo", () => {
  const dir = mkdtempSync(join(tmpdir(), "encode-video-"));
  // [codec, file, ffprobe's codec, ffprobe's format, the ISO/QuickTime major brand where there is one]
  const cases: [VideoEncoderCodec, string, string, RegExp, string | undefined][] = [
    ["h264", "a.mp4", "h264", /mp4/, "isom"],
    ["h265", "b.mp4", "hevc", /mp4/, "isom"],
    ["vp8", "c.webm", "vp8", /webm/, undefined],
    ["vp9", "d.webm", "vp9", /webm/, undefined],
    ["mjpeg", "e.avi", "mjpeg", /avi/, undefined],
    ["h264", "f.mov", "h264", /mov/, "qt"],
  ];
  for (const [codec, name, probed, format, brand] of cases) {
    it(`writes ${codec} into ${name.split(".")[1]} with every frame`, async () => {
      const out = join(dir, name);
      const result = await encodeVideo({ binaries, out, width: W, height: H, fps: 15, codec, frames: frames(20) });
      assert.deepEqual(result, { out, frames: 20 });
      const p = probe(out);
      assert.equal(p.codec, probed);
      assert.match(p.format, format);
      assert.equal(p.brand, brand);
      assert.deepEqual([p.width, p.height, p.frames], [W, H, 20]);
      assert.equal(p.rotation, undefined);
    });
  }

  it("takes an async source and keeps the frames in order (decoded red channel climbs)", async () => {
    async function* slow() {
      for (const f of frames(12)) {
        await new Promise((r) => setImmediate(r));
        yield f;
      }
    }
    const out = join(dir, "order.avi");
    await encodeVideo({ binaries, out, width: W, height: H, fps: 10, codec: "mjpeg", frames: slow() });
    const raw = execFileSync(binaries.ffmpeg, ["-v", "error", "-i", out, "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"], {
      maxBuffer: 1 << 26,
    });
    assert.equal(raw.length, 12 * W * H * 3);
    const reds = Array.from({ length: 12 }, (_, i) => raw[i * W * H * 3 + (W * H * 3) / 2]);
    for (const [i, r] of reds.entries()) assert.ok(Math.abs(r - 8 * i) <= 6, `frame ${i}: red ${r}, expected ~${8 * i}`);
  });

  it("writes large frames through the pipe's backpressure (a 1280×720 clip, 30 frames)", async () => {
    const w = 1280;
    const h = 720;
    function* big() {
      for (let i = 0; i < 30; i++) yield Buffer.alloc(w * h * 3, i * 5);
    }
    const out = join(dir, "big.mp4");
    const result = await encodeVideo({ binaries, out, width: w, height: h, fps: 30, codec: "h264", frames: big(), quality: "medium" });
    assert.equal(result.frames, 30);
    assert.equal(probe(out).frames, 30);
  });

  for (const rotation of [90, 180, 270] as const) {
    it(`records rotation ${rotation} as metadata, pixels untouched, and ffmpeg's autorotate turns them clockwise`, async () => {
      // One marked pixel block: the top-left 8×8 is white on black.
      const frame = Buffer.alloc(W * H * 3);
      for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) frame.fill(255, 3 * (y * W + x), 3 * (y * W + x) + 3);
      const out = join(dir, `rot${rotation}.mp4`);
      await encodeVideo({ binaries, out, width: W, height: H, fps: 15, codec: "h264", frames: [frame, frame, frame], rotation });
      const p = probe(out);
      assert.deepEqual([p.width, p.height, p.frames], [W, H, 3]);
      // ffprobe gives the display matrix's turn counter-clockwise: a clockwise `rotation` reads back as its negative.
      assert.equal((((p.rotation ?? NaN) % 360) + 360) % 360, (360 - rotation) % 360);
      const raw = execFileSync(binaries.ffmpeg, [
        "-v",
        "error",
        "-i",
        out,
        "-frames:v",
        "1",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "gray",
        "pipe:1",
      ]);
      const [w, h] = rotation === 180 ? [W, H] : [H, W];
      assert.equal(raw.length, w * h, "autorotate swaps width and height for 90 and 270");
      const corners = { tl: raw[2 * w + 2], tr: raw[2 * w + w - 3], bl: raw[(h - 3) * w + 2], br: raw[(h - 3) * w + w - 3] };
      const white = Object.entries(corners)
        .filter(([, v]) => v > 128)
        .map(([k]) => k);
      // Clockwise: top-left goes to top-right (90), bottom-right (180), bottom-left (270).
      assert.deepEqual(white, [{ 90: "tr", 180: "br", 270: "bl" }[rotation]]);
    });
  }

  it("refuses a frame of the wrong size, naming it", async () => {
    const out = join(dir, "bad.mp4");
    const bad = [...frames(3), Buffer.alloc(10)];
    await assert.rejects(encodeVideo({ binaries, out, width: W, height: H, fps: 15, codec: "h264", frames: bad }), (err: Error) => {
      assert.ok(err instanceof VideoEncodeError);
      assert.match(err.message, /frame 3 has 10 bytes, expected 9216/);
      return true;
    });
  });

  it("reports ffmpeg's own failure with the tail of its stderr", async () => {
    const out = join(dir, "no-such-dir", "x.mp4");
    await assert.rejects(encodeVideo({ binaries, out, width: W, height: H, fps: 15, codec: "h264", frames: frames(3) }), (err: Error) => {
      assert.ok(err instanceof VideoEncodeError);
      assert.match(err.message, /ffmpeg exited with 1 .*No such file or directory/s);
      return true;
    });
    await assert.rejects(
      encodeVideo({ binaries, out: join(dir, "odd.mp4"), width: 63, height: 48, fps: 15, codec: "h264", frames: frames(1) }),
      /even dimensions/,
    );
    await assert.rejects(
      encodeVideo({
        binaries: { ffmpeg: join(dir, "missing-ffmpeg") },
        out: join(dir, "y.mp4"),
        width: W,
        height: H,
        fps: 15,
        codec: "h264",
        frames: frames(2),
      }),
      /could not start/,
    );
    assert.throws(() => statSync(join(dir, "y.mp4")));
  });
});

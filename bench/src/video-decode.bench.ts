// Video decode throughput, measured in one run at 720p and 1080p on a 10 s test video generated at bench time
// (ffmpeg's testsrc2 pattern, H.264 veryfast, 30 fps):
//  - baseline: ffmpeg alone decoding to nothing (`-f null -`), frames per second;
//  - ours: libs/video's decoder (ffmpeg as a child process: decode, MJPEG encode, frames through a pipe with their
//    timestamps) and each JPEG stored in a JetStream object store, as addVideo/importVideo do; fps and its ratio to
//    the baseline, JPEG bytes per frame against the source video's and a PNG's of the same frame.
// Run: npm run bench:video -w @prelabel/bench   (SECONDS=10 to change the clip length; needs NATS on 127.0.0.1:4222)
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Messaging } from "@prelabel/messaging";
import { Buckets } from "@prelabel/proto";
import { createTestNats } from "@prelabel/testing";
import { decodeVideoFrames, locateFfmpeg, planFrames, probeVideo } from "@prelabel/video";
import sharp from "sharp";

const run = promisify(execFile);
const SECONDS = Number(process.env.SECONDS ?? 10);
const SIZES = [
  { name: "720p", size: "1280x720" },
  { name: "1080p", size: "1920x1080" },
];

async function main() {
  const ff = locateFfmpeg({ searchPath: process.env.PATH });
  const dir = mkdtempSync(join(tmpdir(), "video-bench-"));
  const nats = await createTestNats();
  const messaging = await Messaging.connect({ url: nats.url, namespace: nats.namespace, name: "video-bench" });
  try {
    const store = await messaging.objectStore(Buckets.frames);
    console.log(`video decode, ${SECONDS} s testsrc2 clips at 30 fps (H.264 veryfast), ffmpeg ${ff.source} build`);
    console.log(
      "size | frames | ffmpeg -f null fps (baseline) | ours: decode+JPEG+store fps | ratio (ours / baseline) | ms/frame ours | JPEG KB/frame | source KB/frame | PNG KB/frame",
    );
    for (const { name, size } of SIZES) {
      const file = join(dir, `${name}.mp4`);
      await run(ff.ffmpeg, [
        "-v",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        `testsrc2=size=${size}:rate=30`,
        "-t",
        String(SECONDS),
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-pix_fmt",
        "yuv420p",
        file,
      ]);
      const probe = await probeVideo(ff, file);
      const plan = planFrames(probe.frameCount);

      let start = performance.now();
      await run(ff.ffmpeg, ["-v", "error", "-nostdin", "-i", file, "-f", "null", "-"]);
      const baselineFps = probe.frameCount / ((performance.now() - start) / 1000);

      let jpegBytes = 0;
      let frames = 0;
      let middle: Buffer | undefined;
      start = performance.now();
      for await (const frame of decodeVideoFrames(ff, file, probe, plan)) {
        const name = `sha256-${createHash("sha256").update(frame.jpeg).digest("hex")}`;
        await store.putBlob({ name }, frame.jpeg);
        jpegBytes += frame.jpeg.byteLength;
        if (frames === Math.floor(plan.count / 2)) middle = frame.jpeg;
        frames++;
      }
      const oursSeconds = (performance.now() - start) / 1000;
      const oursFps = frames / oursSeconds;
      if (!middle) throw new Error(`no frame decoded from ${file}`);
      const png = await sharp(middle).png().toBuffer();
      const kb = (n: number) => (n / 1024).toFixed(1);
      console.log(
        `${name} | ${frames} | ${baselineFps.toFixed(1)} | ${oursFps.toFixed(1)} | ${(oursFps / baselineFps).toFixed(2)} | ${((oursSeconds * 1000) / frames).toFixed(1)} | ${kb(jpegBytes / frames)} | ${kb(statSync(file).size / frames)} | ${kb(png.byteLength)}`,
      );
    }
  } finally {
    await messaging.close().catch(() => undefined);
    await nats.cleanup().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

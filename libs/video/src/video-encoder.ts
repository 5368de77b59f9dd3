import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { promisify } from "node:util";
import type { FfmpegBinaries } from "./ffmpeg-binaries.js";

export type VideoEncoderCodec = "h264" | "h265" | "vp8" | "vp9" | "mjpeg";

export interface EncodeVideoOptions {
  binaries: Pick<FfmpegBinaries, "ffmpeg">;
  /** The output file; its extension picks the container (.mp4, .mov, .webm, .avi, .mkv). */
  out: string;
  width: number;
  height: number;
  fps: number;
  codec: VideoEncoderCodec;
  /** Raw RGB24 frames, each exactly width × height × 3 bytes, in order. */
  frames: AsyncIterable<Buffer | Uint8Array> | Iterable<Buffer | Uint8Array>;
  /** Display rotation written as stream metadata (the pixels stay as given; a player or decoder turns them). */
  rotation?: 0 | 90 | 180 | 270;
  /** x264/x265 constant rate factor or the VPx/MJPEG quality equivalent; default: a visually lossless-ish setting. */
  quality?: "high" | "medium";
}

export interface EncodedVideo {
  out: string;
  frames: number;
}

export class VideoEncodeError extends Error {
  override readonly name = "VideoEncodeError";
}

const run = promisify(execFile);

/** How many bytes of ffmpeg's stderr a failure quotes. */
const STDERR_TAIL = 2_000;

function codecArgs(codec: VideoEncoderCodec, quality: "high" | "medium"): string[] {
  const hi = quality === "high";
  switch (codec) {
    case "h264":
      // yuv420p: what every player and decoder takes (x264 would keep 4:4:4 from rgb24 otherwise).
      return ["-c:v", "libx264", "-preset", "veryfast", "-crf", hi ? "18" : "26", "-pix_fmt", "yuv420p"];
    case "h265":
      return ["-c:v", "libx265", "-preset", "veryfast", "-crf", hi ? "20" : "28", "-pix_fmt", "yuv420p", "-x265-params", "log-level=error"];
    case "vp8":
      return [
        "-c:v",
        "libvpx",
        "-b:v",
        hi ? "4M" : "1M",
        "-crf",
        hi ? "6" : "20",
        "-deadline",
        "realtime",
        "-cpu-used",
        "8",
        "-pix_fmt",
        "yuv420p",
      ];
    case "vp9":
      return [
        ["-c:v", "libvpx-vp9", "-b:v", "0", "-crf", hi ? "24" : "40", "-deadline", "realtime", "-cpu-used", "8"],
        ["-row-mt", "1", "-pix_fmt", "yuv420p"],
      ].flat();
    case "mjpeg":
      return ["-c:v", "mjpeg", "-q:v", hi ? "3" : "8", "-pix_fmt", "yuvj420p"];
  }
}

/**
 * Encodes raw RGB24 frames into a video file with ffmpeg as a separate process: frames go to its stdin one at a
 * time, waiting for the pipe to drain (backpressure), so memory holds about one frame whatever the length.
 * A failure (a bad frame size, ffmpeg exiting non-zero) is a VideoEncodeError quoting the tail of ffmpeg's stderr.
 */
export async function encodeVideo(options: EncodeVideoOptions): Promise<EncodedVideo> {
  const { width, height, fps, codec, out } = options;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0)
    throw new VideoEncodeError(`invalid frame size ${width}×${height}`);
  if (codec !== "mjpeg" && (width % 2 || height % 2))
    throw new VideoEncodeError(`${codec} with yuv420p needs even dimensions, got ${width}×${height}`);
  if (!(fps > 0)) throw new VideoEncodeError(`invalid fps ${fps}`);
  const frameBytes = width * height * 3;
  // ffmpeg 4.1 drops a `rotate` tag given while encoding (it only keeps one on a stream copy), so a rotated video
  // is encoded to a sibling file first and then remuxed with the tag.
  const encoded = options.rotation ? join(dirname(out), `.${basename(out)}.unrotated${out.slice(out.lastIndexOf("."))}`) : out;
  const args = [
    ["-hide_banner", "-loglevel", "error", "-nostdin", "-y"],
    ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", `${width}x${height}`, "-r", String(fps), "-i", "pipe:0"],
    ["-an", ...codecArgs(codec, options.quality ?? "high")],
    out.endsWith(".mp4") || out.endsWith(".mov") ? ["-movflags", "+faststart"] : [],
    [encoded],
  ].flat();
  const child = spawn(options.binaries.ffmpeg, args, { stdio: ["pipe", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL);
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve(code));
  });
  // ffmpeg may exit early (bad arguments): writes then fail with EPIPE, reported below with its stderr instead.
  let pipeError: Error | undefined;
  child.stdin.on("error", (err) => (pipeError ??= err));

  let count = 0;
  let failure: Error | undefined;
  try {
    for await (const frame of options.frames) {
      if (frame.length !== frameBytes)
        throw new VideoEncodeError(`frame ${count} has ${frame.length} bytes, expected ${frameBytes} (${width}×${height} RGB24)`);
      if (pipeError || child.exitCode !== null) break;
      if (!child.stdin.write(frame)) await Promise.race([once(child.stdin, "drain"), exited]);
      count++;
    }
  } catch (err) {
    failure = err as Error;
    child.kill("SIGKILL");
  }
  child.stdin.end();
  const code = await exited.catch((err: Error) => {
    throw new VideoEncodeError(`ffmpeg could not start (${options.binaries.ffmpeg}): ${err.message}`, { cause: err });
  });
  if (failure) throw failure;
  if (code !== 0) throw new VideoEncodeError(`ffmpeg exited with ${code} encoding ${out} (${codec}): ${stderr.trim() || "no output"}`);
  if (pipeError) throw new VideoEncodeError(`ffmpeg stopped reading frames: ${pipeError.message}; ${stderr.trim()}`);
  if (count === 0) throw new VideoEncodeError(`no frames to encode into ${out}`);
  if (options.rotation) {
    try {
      await writeRotation(options.binaries.ffmpeg, encoded, out, options.rotation);
    } finally {
      await rm(encoded, { force: true });
    }
  }
  return { out, frames: count };
}

/**
 * Remuxes `from` into `out` (stream copy) with a rotation tag that reads back as `rotation`: the clockwise turn a
 * player applies, ffmpeg's `rotate` tag. The ffmpeg 4.1 static build writes the display matrix of the inverse turn
 * (rotate=90 reads back as 270), so the tag is read back and, when it differs, written again inverted.
 */
async function writeRotation(ffmpeg: string, from: string, out: string, rotation: 90 | 180 | 270): Promise<void> {
  const remux = (tag: number) =>
    run(ffmpeg, [
      "-hide_banner",
      "-loglevel",
      "error",
      "-nostdin",
      "-y",
      "-i",
      from,
      "-map",
      "0",
      "-c",
      "copy",
      "-metadata:s:v:0",
      `rotate=${tag}`,
      out,
    ]);
  const readBack = async () => {
    // `ffmpeg -i` alone exits 1 ("no output file") after printing the input's streams and tags.
    const result = await run(ffmpeg, ["-hide_banner", "-nostdin", "-i", out]).catch((err: { stderr?: string }) => ({
      stderr: err.stderr ?? "",
    }));
    return Number(/^\s*rotate\s*:\s*(\d+)/m.exec(result.stderr)?.[1] ?? 0);
  };
  try {
    await remux(rotation);
    if ((await readBack()) === rotation) return;
    await remux((360 - rotation) % 360);
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new VideoEncodeError(
      `ffmpeg could not write rotation ${rotation} into ${out}: ${(e.stderr ?? e.message).slice(-STDERR_TAIL).trim()}`,
      { cause: err },
    );
  }
  const got = await readBack();
  if (got !== rotation) throw new VideoEncodeError(`${out} reads back rotation ${got} after writing ${rotation}`);
}

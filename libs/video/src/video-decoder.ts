import { spawn } from "node:child_process";
import type { FfmpegBinaries } from "./ffmpeg-binaries.js";
import { lastLines, type VideoProbe } from "./video-probe.js";

/** Which source frames to take (source frame numbers, from 0, inclusive bounds). */
export interface FrameSelection {
  /** Every n-th frame from startFrame; default 1 (all). */
  frameStep?: number;
  /** First source frame taken; default 0. */
  startFrame?: number;
  /** Last source frame that may be taken; default (and at most) the video's last frame. */
  stopFrame?: number | null;
}

/** A selection checked against the video: bounds resolved, and how many frames it yields. */
export interface FramePlan {
  frameStep: number;
  startFrame: number;
  /** Clamped to the video's last frame. */
  stopFrame: number;
  /** Frames the selection takes: startFrame, startFrame + frameStep, … ≤ stopFrame. */
  count: number;
}

/** A selection that does not fit the video (BAD_USER_INPUT for the API). */
export class FrameSelectionError extends Error {
  override readonly name = "FrameSelectionError";
}

/** Checks a selection against a video of `frameCount` frames; throws FrameSelectionError when it is not one. */
export function planFrames(frameCount: number, selection: FrameSelection = {}): FramePlan {
  const frameStep = selection.frameStep ?? 1;
  const startFrame = selection.startFrame ?? 0;
  const stop = selection.stopFrame ?? frameCount - 1;
  if (!Number.isInteger(frameStep) || frameStep < 1)
    throw new FrameSelectionError(`frameStep must be a whole number ≥ 1 (got ${frameStep})`);
  if (!Number.isInteger(startFrame) || startFrame < 0)
    throw new FrameSelectionError(`startFrame must be a whole number ≥ 0 (got ${startFrame})`);
  if (!Number.isInteger(stop) || stop < startFrame) {
    throw new FrameSelectionError(`stopFrame must be a whole number ≥ startFrame ${startFrame} (got ${stop})`);
  }
  if (startFrame >= frameCount) throw new FrameSelectionError(`startFrame ${startFrame} is past the video's last frame ${frameCount - 1}`);
  const stopFrame = Math.min(stop, frameCount - 1);
  return { frameStep, startFrame, stopFrame, count: Math.floor((stopFrame - startFrame) / frameStep) + 1 };
}

/** One decoded frame as displayed (rotation applied), encoded as JPEG by ffmpeg. */
export interface DecodedFrame {
  /** Its frame number in the source video (from 0). */
  sourceFrame: number;
  /** Presentation time from the start of the video, in seconds. */
  timestampSeconds: number;
  jpeg: Buffer;
  /** Displayed size (the coded size turned by the rotation). */
  width: number;
  height: number;
}

export type VideoDecodeFailure = "corrupt" | "truncated" | "timeout";

/** ffmpeg failed, stopped short of the frames the video promised, or ran past its time limit; `detail` is its stderr's tail. */
export class VideoDecodeError extends Error {
  override readonly name = "VideoDecodeError";
  constructor(
    readonly kind: VideoDecodeFailure,
    message: string,
    readonly detail?: string,
  ) {
    super(detail ? `${message}: ${detail}` : message);
  }
}

export interface DecodeOptions {
  /** JPEG quality as ffmpeg's mjpeg `-q:v` (2 best … 31 worst); default 3. */
  jpegQuality?: number;
  /** Frames decoded ahead of the consumer before ffmpeg's pipe is left to fill (and ffmpeg blocks); default 2. */
  maxQueuedFrames?: number;
  /** Kill ffmpeg past this wall time (VideoDecodeError "timeout"); default none. */
  timeoutMs?: number;
  /** Aborting kills ffmpeg; the iteration then throws the signal's reason. */
  signal?: AbortSignal;
}

export const DEFAULT_JPEG_QUALITY = 3;

/** ffmpeg's arguments for a plan: select in the filter graph (skipped frames never leave ffmpeg), passthrough timing. */
export function decodeArgs(
  file: string,
  probe: Pick<VideoProbe, "streamIndex">,
  plan: FramePlan,
  jpegQuality = DEFAULT_JPEG_QUALITY,
): string[] {
  const select = `select='between(n,${plan.startFrame},${plan.stopFrame})*not(mod(n-${plan.startFrame},${plan.frameStep}))'`;
  return [
    ...["-hide_banner", "-nostdin", "-nostats", "-loglevel", "level+info"],
    ...["-i", file, "-map", `0:${probe.streamIndex}`, "-an", "-sn", "-dn"],
    // Rotation: ffmpeg's autorotate (on by default) turns frames as displayed before this graph.
    ...["-vf", `${select},showinfo`, "-vsync", "passthrough", "-frames:v", String(plan.count)],
    ...["-f", "image2pipe", "-c:v", "mjpeg", "-pix_fmt", "yuvj420p", "-q:v", String(jpegQuality), "pipe:1"],
  ];
}

const SHOWINFO = /Parsed_showinfo.*\bn:\s*(\d+)\s+pts:\s*(-?\d+)\s+pts_time:(-?[0-9.eE+-]+|nan)/;
const PROBLEM = /\[(warning|error|fatal|panic)\]/;

/**
 * Decodes the planned frames with ffmpeg as a child process, streamed: ffmpeg writes JPEGs to a pipe, the
 * iteration yields them one by one with their source frame number and timestamp, and at most `maxQueuedFrames`
 * wait in memory (then the pipe is paused, and ffmpeg blocks on it). Fewer frames than the plan promises is a
 * VideoDecodeError "truncated" (the file ended or broke early); a non-zero exit is "corrupt". Breaking out of the
 * loop, an abort, a timeout or an error kills ffmpeg.
 */
export async function* decodeVideoFrames(
  binaries: Pick<FfmpegBinaries, "ffmpeg">,
  file: string,
  probe: Pick<VideoProbe, "streamIndex" | "width" | "height" | "rotation">,
  plan: FramePlan,
  options: DecodeOptions = {},
): AsyncGenerator<DecodedFrame> {
  options.signal?.throwIfAborted();
  const maxQueued = Math.max(1, options.maxQueuedFrames ?? 2);
  const turned = probe.rotation === 90 || probe.rotation === 270;
  const width = turned ? probe.height : probe.width;
  const height = turned ? probe.width : probe.height;
  const child = spawn(binaries.ffmpeg, decodeArgs(file, probe, plan, options.jpegQuality), { stdio: ["ignore", "pipe", "pipe"] });

  const jpegs: Buffer[] = [];
  const timestamps: number[] = [];
  let pending: Buffer = Buffer.alloc(0);
  let problems = "";
  let stderrRest = "";
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const fail = (err: Error) => {
    failure ??= err;
    child.kill("SIGKILL");
    notify();
  };

  child.stdout.on("data", (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    try {
      for (let end = jpegEnd(pending); end > 0; end = jpegEnd(pending)) {
        jpegs.push(Buffer.from(pending.subarray(0, end)));
        pending = pending.subarray(end);
      }
    } catch (err) {
      return fail(new VideoDecodeError("corrupt", `ffmpeg wrote something other than JPEG frames (${(err as Error).message})`));
    }
    if (jpegs.length >= maxQueued) child.stdout.pause();
    notify();
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (text: string) => {
    const lines = (stderrRest + text).split(/\r?\n/);
    stderrRest = lines.pop() ?? "";
    for (const line of lines) readStderrLine(line);
    notify();
  });
  const readStderrLine = (line: string) => {
    const shown = SHOWINFO.exec(line);
    if (shown) timestamps[Number(shown[1])] = Number(shown[3]);
    else if (PROBLEM.test(line)) problems = lastLines(`${problems}\n${line}`, 8, 2000);
  };
  child.on("error", (err) => fail(err));
  child.on("close", (code, signal) => {
    if (stderrRest) readStderrLine(stderrRest);
    exit = { code, signal };
    notify();
  });
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(
          () => fail(new VideoDecodeError("timeout", `ffmpeg ran past its ${options.timeoutMs} ms time limit`)),
          options.timeoutMs,
        );
  const onAbort = () => fail(options.signal?.reason instanceof Error ? options.signal.reason : new Error("aborted"));
  options.signal?.addEventListener("abort", onAbort, { once: true });

  try {
    for (let index = 0; ;) {
      if (failure) throw failure;
      // A frame goes out with its timestamp: showinfo's line may come just before or after its bytes.
      if (jpegs.length && (timestamps[index] !== undefined || exit)) {
        const timestampSeconds = timestamps[index];
        if (timestampSeconds === undefined || Number.isNaN(timestampSeconds)) {
          throw new VideoDecodeError("corrupt", `ffmpeg gave no timestamp for frame ${index}`, problems);
        }
        const jpeg = jpegs.shift()!;
        if (jpegs.length < maxQueued) child.stdout.resume();
        yield { sourceFrame: plan.startFrame + index * plan.frameStep, timestampSeconds, jpeg, width, height };
        index++;
        continue;
      }
      if (exit) {
        if (exit.code !== 0) throw new VideoDecodeError("corrupt", `ffmpeg failed (exit ${exit.code ?? exit.signal})`, problems);
        if (pending.length) throw new VideoDecodeError("truncated", "ffmpeg's last frame is incomplete", problems);
        if (index < plan.count) {
          throw new VideoDecodeError("truncated", `the video ended after ${index} of the ${plan.count} frames it promised`, problems);
        }
        return;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
    if (!exit) {
      // Stopped early (the consumer broke off, an abort, an error): kill ffmpeg, drop its pipes, wait for it to go.
      child.kill("SIGKILL");
      child.stdout.destroy();
      child.stderr.destroy();
      if (child.exitCode === null && child.signalCode === null) await new Promise<void>((resolve) => child.once("exit", () => resolve()));
    }
  }
}

/**
 * Where the JPEG at the start of `buf` ends (the offset after its EOI marker), or -1 when `buf` holds only part of
 * it. Walks the marker segments, then the entropy-coded data, where 0xFF is followed by 0x00 (a stuffed byte) or a
 * restart marker, so the first other marker after a scan (EOI, or the next table/scan) is found without decoding.
 */
export function jpegEnd(buf: Buffer): number {
  if (buf.length < 2) return -1;
  if (buf[0] !== 0xff || buf[1] !== 0xd8) throw new Error("no JPEG start marker");
  let i = 2;
  for (;;) {
    if (i + 2 > buf.length) return -1;
    if (buf[i] !== 0xff) throw new Error(`no JPEG marker at offset ${i}`);
    const marker = buf[i + 1];
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0xd9) return i + 2;
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    if (i + 4 > buf.length) return -1;
    i += 2 + buf.readUInt16BE(i + 2);
    if (marker !== 0xda) continue;
    // Entropy-coded data up to the next marker that is neither a stuffed 0xFF nor a restart.
    for (;;) {
      const ff = buf.indexOf(0xff, i);
      if (ff < 0 || ff + 1 >= buf.length) return -1;
      const next = buf[ff + 1];
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
        i = ff + 2;
        continue;
      }
      if (next === 0xff) {
        i = ff + 1;
        continue;
      }
      i = ff;
      break;
    }
  }
}

import { execFile } from "node:child_process";
import type { FfmpegBinaries } from "./ffmpeg-binaries.js";

/** What a video is, as ffprobe reads it; width/height are the coded size, `rotation` turns it for display. */
export interface VideoProbe {
  /** A short container name: mp4, mov, webm, matroska, avi, or ffprobe's first format name. */
  container: string;
  /** ffprobe's codec name of the video stream (h264, hevc, vp8, vp9, mjpeg, …). */
  codec: string;
  /** The stream's index in the file (what `-map 0:<index>` selects). */
  streamIndex: number;
  width: number;
  height: number;
  /** Frames per second: avg_frame_rate, else r_frame_rate. */
  fps: number;
  durationSeconds: number;
  /** Frames in the stream: the container's count (nb_frames) when it keeps one, else the packets counted by demuxing. */
  frameCount: number;
  /** Clockwise degrees the picture is turned for display (0, 90, 180 or 270). */
  rotation: 0 | 90 | 180 | 270;
}

export type VideoProbeFailure = "not-a-video" | "no-video-stream" | "unsupported-codec" | "corrupt" | "timeout";

/** A file ffprobe cannot take as a video; `kind` says why, `detail` carries ffprobe's own words when it had any. */
export class VideoProbeError extends Error {
  override readonly name = "VideoProbeError";
  constructor(
    readonly kind: VideoProbeFailure,
    message: string,
    readonly detail?: string,
  ) {
    super(detail ? `${message}: ${detail}` : message);
  }
}

/** Codecs the decoder accepts: what the bundled ffmpeg 4.1 decodes and browsers, cameras and phones write. */
export const SUPPORTED_VIDEO_CODECS: ReadonlySet<string> = new Set([
  "h264",
  "hevc",
  "vp8",
  "vp9",
  "av1",
  "mjpeg",
  "mpeg4",
  "mpeg2video",
  "mpeg1video",
  "prores",
]);

/** Formats ffprobe reads as a single picture (or a picture sequence), never a video. */
const IMAGE_FORMATS = /(^|,)(image2|[a-z0-9]+_pipe|gif|apng|webp)(,|$)/;

export interface ProbeOptions {
  /** Kill ffprobe past this (it demuxes the whole file to count packets); default 60 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Probes `file` with `ffprobe -print_format json -show_format -show_streams -count_packets` (the packet count reads
 * the file once without decoding it). A demuxer error on the way (a file cut short, damaged) is `corrupt`, and so is
 * a container whose frame count promises more frames than it holds packets for.
 */
export async function probeVideo(binaries: Pick<FfmpegBinaries, "ffprobe">, file: string, options: ProbeOptions = {}): Promise<VideoProbe> {
  const args = ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", "-count_packets", file];
  const { stdout, stderr, failed } = await run(binaries.ffprobe, args, options);
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout || "{}");
  } catch {
    parsed = {};
  }
  return parseProbe(parsed as FfprobeOutput, { failed, stderr });
}

/** ffprobe's JSON as far as the probe reads it. */
export interface FfprobeOutput {
  format?: { format_name?: string; duration?: string; tags?: Record<string, string> };
  streams?: FfprobeStream[];
}

export interface FfprobeStream {
  index: number;
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  duration?: string;
  nb_frames?: string;
  nb_read_packets?: string;
  disposition?: Record<string, number>;
  tags?: Record<string, string>;
  side_data_list?: { side_data_type?: string; rotation?: number | string }[];
}

/** The pure half of probeVideo: ffprobe's output (and whether it failed, with its stderr) to a probe or a typed failure. */
export function parseProbe(out: FfprobeOutput, run: { failed: boolean; stderr: string }): VideoProbe {
  const detail = lastLines(run.stderr);
  const formatName = out.format?.format_name;
  if (run.failed && !out.streams?.length) throw new VideoProbeError("not-a-video", "not a readable video file", detail);
  if (!formatName || IMAGE_FORMATS.test(formatName))
    throw new VideoProbeError("not-a-video", "not a video file (a still image or unknown data)");
  const stream = (out.streams ?? []).find((s) => s.codec_type === "video" && !s.disposition?.attached_pic);
  if (!stream) throw new VideoProbeError("no-video-stream", "the file has no video stream");
  const codec = stream.codec_name ?? "unknown";
  if (!SUPPORTED_VIDEO_CODECS.has(codec)) {
    throw new VideoProbeError("unsupported-codec", `video codec "${codec}" is not supported (${[...SUPPORTED_VIDEO_CODECS].join(", ")})`);
  }
  if (run.failed || detail) throw new VideoProbeError("corrupt", "the file is damaged or cut short", detail);
  const width = stream.width ?? 0;
  const height = stream.height ?? 0;
  if (!(width > 0 && height > 0)) throw new VideoProbeError("corrupt", "the video stream has no picture size");
  const declared = positiveInt(stream.nb_frames);
  const packets = positiveInt(stream.nb_read_packets);
  if (declared !== undefined && packets !== undefined && packets < declared) {
    throw new VideoProbeError("corrupt", `the file is cut short: ${packets} of the ${declared} frames it declares`);
  }
  const frameCount = declared ?? packets ?? 0;
  if (frameCount === 0) throw new VideoProbeError("corrupt", "the video stream has no frames");
  const fps = rate(stream.avg_frame_rate) ?? rate(stream.r_frame_rate);
  const duration = positiveFloat(stream.duration) ?? positiveFloat(out.format?.duration);
  const fpsOrEstimate = fps ?? (duration ? frameCount / duration : undefined);
  if (!fpsOrEstimate) throw new VideoProbeError("corrupt", "the video stream has no frame rate");
  return {
    container: containerName(formatName, codec, out.format?.tags?.major_brand),
    codec,
    streamIndex: stream.index,
    width,
    height,
    fps: fpsOrEstimate,
    durationSeconds: duration ?? frameCount / fpsOrEstimate,
    frameCount,
    rotation: rotationOf(stream),
  };
}

/**
 * Clockwise display rotation: the display matrix's (ffprobe ≥ 5 prints it counter-clockwise, as
 * av_display_rotation_get) or the legacy `rotate` tag (ffprobe ≤ 4, clockwise), normalised to 0/90/180/270.
 */
export function rotationOf(stream: Pick<FfprobeStream, "tags" | "side_data_list">): 0 | 90 | 180 | 270 {
  const matrix = stream.side_data_list?.find((d) => d.side_data_type === "Display Matrix" && d.rotation !== undefined);
  const degrees = matrix ? -Number(matrix.rotation) : Number(stream.tags?.rotate ?? 0);
  if (!Number.isFinite(degrees)) return 0;
  const quarter = (((Math.round(degrees / 90) * 90) % 360) + 360) % 360;
  return quarter as 0 | 90 | 180 | 270;
}

/** "30000/1001" → 29.97; "0/0", "", garbage → undefined. */
export function rate(value: string | undefined): number | undefined {
  const m = /^(\d+)(?:\/(\d+))?$/.exec(value ?? "");
  if (!m) return undefined;
  const r = Number(m[1]) / (m[2] === undefined ? 1 : Number(m[2]));
  return Number.isFinite(r) && r > 0 ? r : undefined;
}

function containerName(formatName: string, codec: string, majorBrand: string | undefined): string {
  if (formatName.startsWith("mov,mp4")) return majorBrand?.trim() === "qt" ? "mov" : "mp4";
  if (formatName === "matroska,webm") return ["vp8", "vp9", "av1"].includes(codec) ? "webm" : "matroska";
  return formatName.split(",")[0];
}

function positiveInt(value: string | undefined): number | undefined {
  const n = Number(value);
  return value !== undefined && Number.isInteger(n) && n > 0 ? n : undefined;
}

function positiveFloat(value: string | undefined): number | undefined {
  const n = Number(value);
  return value !== undefined && Number.isFinite(n) && n > 0 ? n : undefined;
}

/** The last few lines of a tool's stderr, trimmed: enough to say why without flooding a message. */
export function lastLines(text: string, lines = 5, maxChars = 1000): string {
  const tail = text.trim().split(/\r?\n/).filter(Boolean).slice(-lines).join("\n");
  return tail.length > maxChars ? tail.slice(-maxChars) : tail;
}

function run(bin: string, args: string[], options: ProbeOptions): Promise<{ stdout: string; stderr: string; failed: boolean }> {
  return new Promise((resolve, reject) => {
    execFile(
      bin,
      args,
      { timeout: options.timeoutMs ?? 60_000, killSignal: "SIGKILL", maxBuffer: 16 * 1024 * 1024, signal: options.signal },
      (err, stdout, stderr) => {
        if (err && (err as { code?: unknown }).code === "ENOENT") return reject(new Error(`${bin} not found`, { cause: err }));
        if (err && (err.name === "AbortError" || (err as { killed?: boolean }).killed)) {
          return reject(
            options.signal?.aborted
              ? new Error("ffprobe aborted", { cause: err })
              : new VideoProbeError("timeout", `ffprobe ran past its ${options.timeoutMs ?? 60_000} ms time limit`),
          );
        }
        resolve({ stdout, stderr, failed: err !== null });
      },
    );
  });
}

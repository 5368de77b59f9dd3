import { spawn } from "node:child_process";
import { once } from "node:events";
import sharp from "sharp";

/** A track as the preview draws it: its label and its shapes (interpolated: one per frame it is visible). */
export interface PreviewTrack {
  /** What is written beside its boxes, e.g. "#3". */
  caption: string;
  label: { name: string };
  shapes: { frame: number; points: number[]; keyframe: boolean; outside: boolean }[];
}

const PALETTE = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#9a6324", "#808000", "#000075"];

/**
 * The overlay of one frame, as SVG in frame pixels: each track visible there is its box in the track's own colour
 * (by position in `tracks`, so one object keeps one colour), solid on a keyframe (a detection), dashed where it is
 * interpolated between two, captioned with the track's caption and label.
 */
export function trackOverlaySvg(width: number, height: number, frame: number, tracks: readonly PreviewTrack[]): string {
  const fontSize = Math.max(12, Math.round(Math.min(width, height) / 24));
  const stroke = Math.max(2, Math.round(Math.min(width, height) / 180));
  const parts: string[] = [];
  for (const [n, track] of tracks.entries()) {
    const shape = track.shapes.find((s) => s.frame === frame && !s.outside);
    if (!shape) continue;
    const colour = PALETTE[n % PALETTE.length];
    const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = shape.points;
    const dash = shape.keyframe ? "" : ` stroke-dasharray="${stroke * 3},${stroke * 2}"`;
    parts.push(
      `<rect x="${x1}" y="${y1}" width="${x2 - x1}" height="${y2 - y1}" fill="none" stroke="${colour}" stroke-width="${stroke}"${dash}/>`,
    );
    const top = Math.max(fontSize, y1 - 4);
    parts.push(
      `<text x="${x1}" y="${top}" font-size="${fontSize}" font-family="sans-serif" font-weight="bold" fill="${colour}" stroke="white" stroke-width="3" paint-order="stroke">${escapeXml(`${track.caption} ${track.label.name}`)}</text>`,
    );
  }
  parts.push(
    `<text x="${width - 6}" y="${height - 8}" text-anchor="end" font-size="${Math.round(fontSize * 0.8)}" font-family="monospace" fill="white" stroke="black" stroke-width="3" paint-order="stroke">frame ${frame}</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts.join("")}</svg>`;
}

/** One frame (any image sharp reads) with its tracks drawn, as raw RGB24 of the frame's size. */
export async function renderTrackFrame(
  image: Buffer,
  frame: number,
  tracks: readonly PreviewTrack[],
): Promise<{ rgb: Buffer; width: number; height: number }> {
  const base = sharp(image);
  const { width = 0, height = 0 } = await base.metadata();
  const { data, info } = await base
    .composite([{ input: Buffer.from(trackOverlaySvg(width, height, frame, tracks)) }])
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { rgb: data, width: info.width, height: info.height };
}

/**
 * An animated GIF of raw RGB24 frames with ffmpeg (one palette for the clip: palettegen, then paletteuse), looping;
 * frames are written to its stdin one at a time, waiting for the pipe to drain.
 */
export async function writeGif(
  ffmpeg: string,
  out: string,
  video: { width: number; height: number; fps: number; outWidth?: number },
  frames: AsyncIterable<Buffer>,
): Promise<void> {
  const scale = video.outWidth ? `scale=${video.outWidth}:-2:flags=lanczos,` : "";
  const child = spawn(
    ffmpeg,
    [
      ["-hide_banner", "-loglevel", "error", "-nostdin", "-y"],
      ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", `${video.width}x${video.height}`, "-r", String(video.fps), "-i", "pipe:0"],
      ["-vf", `${scale}split[a][b];[a]palettegen=stats_mode=diff[p];[b][p]paletteuse=dither=bayer:bayer_scale=4`, "-loop", "0", out],
    ].flat(),
    { stdio: ["pipe", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  });
  child.stdin.on("error", () => undefined);
  for await (const frame of frames) {
    if (child.exitCode !== null) break;
    if (!child.stdin.write(frame)) await Promise.race([once(child.stdin, "drain"), exited]);
  }
  child.stdin.end();
  const code = await exited;
  if (code !== 0) throw new Error(`ffmpeg could not write ${out} (exit ${code}): ${stderr.trim()}`);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
}

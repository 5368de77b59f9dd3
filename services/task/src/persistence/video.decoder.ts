import { decodeVideoFrames, locateFfmpeg, probeVideo, type FfmpegBinaries, type LocateFfmpegOptions } from "@prelabel/video";
import type { VideoDecoder } from "../application/video-import.service.js";

/**
 * libs/video's ffprobe and ffmpeg as the video import's decoder. The binaries are located on first use (config paths,
 * then PATH, then the npm packages), so a host without ffmpeg serves everything but videos; a video import there fails
 * with the locator's message.
 */
export function ffmpegVideoDecoder(locate: LocateFfmpegOptions): VideoDecoder {
  let binaries: FfmpegBinaries | undefined;
  const found = () => (binaries ??= locateFfmpeg(locate));
  return {
    probe: (file, timeoutMs) => probeVideo(found(), file, { timeoutMs }),
    decode: (file, probe, plan, timeoutMs) => decodeVideoFrames(found(), file, probe, plan, { timeoutMs }),
  };
}

import { accessSync, constants } from "node:fs";
import { delimiter, dirname, join } from "node:path";

/** Where ffmpeg and ffprobe were found, and why those: the config's paths, the host's `PATH`, or the npm packages. */
export interface FfmpegBinaries {
  ffmpeg: string;
  ffprobe: string;
  source: "config" | "path" | "npm";
}

export interface LocateFfmpegOptions {
  /** Explicit binaries (FFMPEG_PATH / FFPROBE_PATH); both or neither. */
  ffmpegPath?: string;
  ffprobePath?: string;
  /** The host's `PATH`, searched before the npm packages: a distribution's ffmpeg is newer and patched. */
  searchPath?: string;
}

export class FfmpegNotFoundError extends Error {
  override readonly name = "FfmpegNotFoundError";
}

/**
 * ffmpeg and ffprobe as one pair: config first, then `PATH` (both there), then the binaries inside
 * @ffmpeg-installer/linux-x64 and @ffprobe-installer/linux-x64, which `npm ci` installs on any linux-x64 host.
 */
export function locateFfmpeg(options: LocateFfmpegOptions = {}): FfmpegBinaries {
  if (options.ffmpegPath || options.ffprobePath) {
    if (!options.ffmpegPath || !options.ffprobePath) throw new FfmpegNotFoundError("set both FFMPEG_PATH and FFPROBE_PATH, or neither");
    for (const file of [options.ffmpegPath, options.ffprobePath]) {
      if (!isExecutable(file)) throw new FfmpegNotFoundError(`${file} is not an executable file`);
    }
    return { ffmpeg: options.ffmpegPath, ffprobe: options.ffprobePath, source: "config" };
  }
  const onPath = (name: string) =>
    (options.searchPath ?? "")
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => join(dir, name))
      .find(isExecutable);
  const ffmpeg = onPath("ffmpeg");
  const ffprobe = onPath("ffprobe");
  if (ffmpeg && ffprobe) return { ffmpeg, ffprobe, source: "path" };
  const fromPackage = (pkg: string, name: string) => {
    try {
      const file = join(dirname(require.resolve(`${pkg}/package.json`)), name);
      return isExecutable(file) ? file : undefined;
    } catch {
      return undefined;
    }
  };
  const npmFfmpeg = fromPackage("@ffmpeg-installer/linux-x64", "ffmpeg");
  const npmFfprobe = fromPackage("@ffprobe-installer/linux-x64", "ffprobe");
  if (npmFfmpeg && npmFfprobe) return { ffmpeg: npmFfmpeg, ffprobe: npmFfprobe, source: "npm" };
  throw new FfmpegNotFoundError(
    "ffmpeg and ffprobe not found: install them on PATH, set FFMPEG_PATH and FFPROBE_PATH, or run npm ci on linux-x64",
  );
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

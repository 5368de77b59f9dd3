import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import { RequestTooLargeError } from "@prelabel/service-kit";
import type { FileUpload } from "graphql-upload-minimal";
import type { VideoSource } from "../../domain/task-video.js";
import { TaskErrors } from "../../domain/task.errors.js";
import { isTooLarge, safeFileName } from "../frame/frame-upload.mapper.js";

/**
 * addVideo's multipart file as the import reads it: streamed to a temporary file (ffprobe and ffmpeg seek in it;
 * memory never holds the video), VIDEO_TOO_LARGE past `maxBytes`, removed by `release` after the import.
 */
export function uploadedVideoSource(upload: Promise<FileUpload>, tempRoot = tmpdir()): VideoSource {
  return async (maxBytes) => {
    let name = "video";
    let stream: Readable;
    try {
      const file = await upload;
      name = safeFileName(file.filename, name);
      stream = file.createReadStream();
    } catch (err) {
      if (isTooLarge(err)) throw tooLarge(name, maxBytes);
      throw err;
    }
    const dir = await mkdtemp(join(tempRoot, "prelabel-video-"));
    const release = () => rm(dir, { recursive: true, force: true });
    const path = join(dir, "video");
    let total = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        total += chunk.length;
        if (total > maxBytes) return done(tooLarge(name, maxBytes));
        done(null, chunk);
      },
    });
    try {
      await pipeline(stream, counter, createWriteStream(path));
      // busboy stops at its own fileSize limit and marks the stream truncated instead of failing.
      if ((stream as Readable & { truncated?: boolean }).truncated) throw tooLarge(name, maxBytes);
    } catch (err) {
      stream.destroy();
      await release();
      if (err instanceof RequestTooLargeError) throw err;
      if (isTooLarge(err)) throw tooLarge(name, maxBytes);
      throw err;
    }
    return { name, path, sizeBytes: total, release };
  };
}

const tooLarge = (name: string, maxBytes: number) =>
  TaskErrors.videoTooLarge(`"${name}" exceeds the ${maxBytes} byte limit per video (VIDEO_MAX_BYTES)`, { maxBytes });

/** An upload the mutation did not read (after an early error) is drained so the request can finish. */
export function discardUnreadVideo(upload: Promise<FileUpload>): void {
  void Promise.resolve(upload)
    .then((file) => {
      try {
        file.createReadStream().resume();
      } catch {
        // Already read, or failed at the parser: nothing to drain.
      }
    })
    .catch(() => undefined);
}

import { randomBytes } from "node:crypto";
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { Transform, Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ModelError, ModelErrorCode } from "../inference/inference.errors.js";
import { isSha256Hex, type ModelArtifact } from "../inference/model-artifact.js";
import { sha256OfFile } from "./file-digest.js";

/** Where model bytes come from by digest (the models bucket: ModelArtifactStore); null when absent. */
export interface ArtifactSource {
  open(sha256: string): Promise<AsyncIterable<Uint8Array> | null>;
}

/**
 * Uploaded model files on local disk, by digest (`<dir>/<sha256>.onnx`). A file is downloaded once,
 * checked against the descriptor's sha256 and size while it is written to a temp name, then renamed into
 * place, so a reader never sees a partial file and replicas sharing the directory never clash. A file
 * already there is hashed once per process before it is reused; a corrupt one is replaced.
 */
export class ModelArtifactCache {
  private readonly ready = new Map<string, Promise<string>>();

  constructor(
    private readonly dir: string,
    private readonly source: ArtifactSource,
  ) {}

  localPath(artifact: ModelArtifact): Promise<string> {
    // The digest becomes a file name: anything but 64 hex digits could leave the directory.
    if (!isSha256Hex(artifact.sha256)) {
      return Promise.reject(
        new ModelError(ModelErrorCode.MODEL_LOAD_FAILED, `artifact "${artifact.name}" has no valid sha256 ("${artifact.sha256}")`),
      );
    }
    let path = this.ready.get(artifact.sha256);
    if (!path) {
      path = this.fetch(artifact);
      this.ready.set(artifact.sha256, path);
      path.catch(() => this.ready.delete(artifact.sha256));
    }
    return path;
  }

  private async fetch(artifact: ModelArtifact): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, `${artifact.sha256}.onnx`);
    if (await isFile(path)) {
      const cached = await sha256OfFile(path);
      if (cached.sha256 === artifact.sha256) return path;
      await rm(path, { force: true });
    }
    const body = await this.source.open(artifact.sha256);
    if (!body)
      throw new ModelError(
        ModelErrorCode.MODEL_LOAD_FAILED,
        `model file ${artifact.sha256} ("${artifact.name}") is not in the models store`,
      );
    const temp = join(this.dir, `.${artifact.sha256}.${randomBytes(4).toString("hex")}.part`);
    try {
      const hash = createHash("sha256");
      let sizeBytes = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          sizeBytes += chunk.byteLength;
          done(null, chunk);
        },
      });
      await pipeline(Readable.from(body), meter, createWriteStream(temp, { flags: "wx", mode: 0o600 }));
      const sha256 = hash.digest("hex");
      if (sha256 !== artifact.sha256 || sizeBytes !== artifact.sizeBytes) {
        throw new ModelError(
          ModelErrorCode.MODEL_LOAD_FAILED,
          `model file "${artifact.name}" from the models store has sha256 ${sha256} (${sizeBytes} bytes), expected ${artifact.sha256} (${artifact.sizeBytes} bytes)`,
        );
      }
      await rename(temp, path);
      return path;
    } finally {
      await rm(temp, { force: true });
    }
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

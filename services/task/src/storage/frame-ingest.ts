import { readdir, readFile, realpath, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import type { Readable } from "node:stream";
import { RequestTooLargeError } from "@prelabel/service-kit";
import { checkRequestedPath, IMAGE_EXTENSIONS, isImageFileName, isWithin } from "../domain/import-path.js";
import { TaskErrors } from "../domain/task.errors.js";
import type { NewFrame } from "../persistence/task.repository.js";
import { objectNameOf, type FrameStore } from "./frame-store.js";
import { probeImage } from "./image-probe.js";

export interface IngestLimits {
  maxBytes: number;
  maxPixels: number;
}

/** Produces one file's name and bytes, failing with PAYLOAD_TOO_LARGE past `maxBytes`. */
export type FileSource = (maxBytes: number) => Promise<{ name: string; bytes: Uint8Array }>;

/**
 * Stores each file's bytes in the object store (content addressed) and describes it as a frame.
 * Files are handled one at a time so memory holds a single frame. `claim` runs before each put:
 * once it returns, the collector leaves that object alone until the claim is swapped for a row.
 */
export async function ingestFiles(
  files: readonly FileSource[],
  store: FrameStore,
  limits: IngestLimits,
  claim: (objectName: string) => Promise<void> = async () => undefined,
): Promise<NewFrame[]> {
  const frames: NewFrame[] = [];
  for (const source of files) {
    const { name, bytes } = await source(limits.maxBytes);
    if (bytes.byteLength > limits.maxBytes) throw TaskErrors.payloadTooLarge(name, limits.maxBytes);
    const size = await probeImage(bytes, limits.maxPixels);
    await claim(objectNameOf(bytes));
    // After the claim: if a collector removed these bytes just before it, put finds them missing and stores them again.
    const objectName = await store.put(bytes);
    frames.push({ name, objectName, width: size?.width ?? null, height: size?.height ?? null, sizeBytes: bytes.byteLength });
  }
  return frames;
}

/** Reads a stream fully, failing with PAYLOAD_TOO_LARGE past `maxBytes` or when the parser truncated it at its limit. */
export async function readStream(stream: Readable, name: string, maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      total += buf.byteLength;
      if (total > maxBytes) throw TaskErrors.payloadTooLarge(name, maxBytes);
      chunks.push(buf);
    }
  } catch (err) {
    stream.destroy();
    // The whole request went over its limit: that message, not this frame's.
    if (err instanceof RequestTooLargeError) throw err;
    if (isTooLarge(err)) throw TaskErrors.payloadTooLarge(name, maxBytes);
    throw err;
  }
  // busboy stops at its own fileSize limit and marks the stream truncated instead of failing.
  if ((stream as Readable & { truncated?: boolean }).truncated) throw TaskErrors.payloadTooLarge(name, maxBytes);
  return Buffer.concat(chunks, total);
}

/** graphql-upload-minimal reports its size limit as an HTTP 413 error. */
export function isTooLarge(err: unknown): boolean {
  if (err instanceof Error && (err as { code?: unknown }).code === "PAYLOAD_TOO_LARGE") return true;
  return typeof err === "object" && err !== null && ((err as { status?: unknown }).status === 413 || (err as { statusCode?: unknown }).statusCode === 413);
}

/** Keeps a display name only: no directories, no control characters. */
export function safeFileName(raw: string | undefined, fallback: string): string {
  const name = basename((raw ?? "").replace(/\\/g, "/")).replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return name || fallback;
}

/**
 * Resolves `serverPath` to a directory inside `importRoot` (after following symlinks) and lists
 * its image files by name. Anything that would leave the root is INVALID_PATH.
 */
export async function listImportDirectory(importRoot: string | undefined, serverPath: string): Promise<FileSource[]> {
  if (!importRoot) throw TaskErrors.invalidPath("importFrames is disabled: the server has no IMPORT_ROOT configured");
  checkRequestedPath(serverPath);
  let root: string;
  try {
    root = await realpath(importRoot);
  } catch {
    throw TaskErrors.invalidPath("The server's IMPORT_ROOT does not exist");
  }
  let dir: string;
  try {
    dir = await realpath(resolve(root, serverPath.replace(/^[\\/]+/, "")));
  } catch {
    throw TaskErrors.invalidPath(`"${serverPath}" does not exist under the import root`);
  }
  if (!isWithin(root, dir)) throw TaskErrors.invalidPath(`"${serverPath}" resolves outside the import root`);
  if (!(await stat(dir)).isDirectory()) throw TaskErrors.invalidPath(`"${serverPath}" is not a directory`);

  const names = (await readdir(dir)).filter(isImageFileName).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const files: FileSource[] = [];
  for (const name of names) {
    const path = join(dir, name);
    // A symlinked entry is followed only if it stays inside the root and is a regular file.
    const real = await realpath(path).catch(() => null);
    if (!real) continue; // a dangling link
    if (!isWithin(root, real)) throw TaskErrors.invalidPath(`"${name}" links outside the import root`);
    const info = await stat(real);
    if (!info.isFile()) continue;
    files.push(async (maxBytes) => {
      if (info.size > maxBytes) throw TaskErrors.payloadTooLarge(name, maxBytes);
      return { name, bytes: await readFile(real) };
    });
  }
  if (!files.length) throw TaskErrors.invalidPath(`"${serverPath}" contains no image files (looked for ${[...IMAGE_EXTENSIONS].join(" ")})`);
  return files;
}

import { readdir, readFile, realpath, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import type { FileSource } from "../domain/frame-source.js";
import { checkRequestedPath, IMAGE_EXTENSIONS, isImageFileName, isWithin } from "../domain/import-path.js";
import { TaskErrors } from "../domain/task.errors.js";

/**
 * Resolves `serverPath` to a directory inside `importRoot` (after following symlinks) and lists
 * its image files by name. Anything that would leave the root is INVALID_PATH.
 */
export async function listImportDirectory(importRoot: string | undefined, serverPath: string): Promise<FileSource[]> {
  const { root, target: dir } = await resolveBelowImportRoot(importRoot, serverPath, "importFrames");
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
  if (!files.length)
    throw TaskErrors.invalidPath(`"${serverPath}" contains no image files (looked for ${[...IMAGE_EXTENSIONS].join(" ")})`);
  return files;
}

/**
 * Resolves `serverPath` to a regular file inside `importRoot` (after following symlinks), under the rules of
 * listImportDirectory: anything that would leave the root, or is not a file, is INVALID_PATH. Nothing is read.
 */
export async function resolveImportFile(
  importRoot: string | undefined,
  serverPath: string,
): Promise<{ name: string; path: string; size: number }> {
  const { target: file } = await resolveBelowImportRoot(importRoot, serverPath, "importVideo");
  const info = await stat(file);
  if (!info.isFile()) throw TaskErrors.invalidPath(`"${serverPath}" is not a file`);
  return { name: basename(serverPath), path: file, size: info.size };
}

/** `serverPath` resolved (symlinks followed) below the real import root; anything that would leave it is INVALID_PATH. */
async function resolveBelowImportRoot(
  importRoot: string | undefined,
  serverPath: string,
  operation: "importFrames" | "importVideo",
): Promise<{ root: string; target: string }> {
  if (!importRoot) throw TaskErrors.invalidPath(`${operation} is disabled: the server has no IMPORT_ROOT configured`);
  checkRequestedPath(serverPath);
  let root: string;
  try {
    root = await realpath(importRoot);
  } catch {
    throw TaskErrors.invalidPath("The server's IMPORT_ROOT does not exist");
  }
  let target: string;
  try {
    target = await realpath(resolve(root, serverPath.replace(/^[\\/]+/, "")));
  } catch {
    throw TaskErrors.invalidPath(`"${serverPath}" does not exist under the import root`);
  }
  if (!isWithin(root, target)) throw TaskErrors.invalidPath(`"${serverPath}" resolves outside the import root`);
  return { root, target };
}

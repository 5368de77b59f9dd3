import { isAbsolute, relative, sep } from "node:path";
import { TaskErrors } from "./task.errors.js";

/** File extensions importFrames treats as images (lower case, with the dot). */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set([".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif", ".tif", ".tiff", ".avif"]);

export function isImageFileName(name: string): boolean {
  const dot = name.lastIndexOf(".");
  return dot > 0 && IMAGE_EXTENSIONS.has(name.slice(dot).toLowerCase());
}

/**
 * Checks the text of a requested import path before touching the disk: no NUL byte,
 * no `..` segment (even one that would stay inside the root).
 */
export function checkRequestedPath(serverPath: string): void {
  if (typeof serverPath !== "string" || serverPath.trim() === "") throw TaskErrors.invalidPath("serverPath must not be empty");
  if (serverPath.includes("\0")) throw TaskErrors.invalidPath("serverPath must not contain NUL bytes");
  if (serverPath.split(/[\\/]+/).includes("..")) throw TaskErrors.invalidPath('serverPath must not contain ".." segments');
}

/** True when `target` is `root` itself or lies below it (both already resolved, e.g. by realpath). */
export function isWithin(root: string, target: string): boolean {
  const rel = relative(root, target);
  if (rel === "") return true;
  return !isAbsolute(rel) && rel !== ".." && !rel.startsWith(`..${sep}`);
}

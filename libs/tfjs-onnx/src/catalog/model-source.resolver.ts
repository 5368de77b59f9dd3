import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { TfjsOnnxError, TfjsOnnxErrorCode } from "../tfjs-onnx.errors.js";

/** `@scope/name/sub/path` → { pkg: "@scope/name", subpath: "sub/path" }; undefined for relative or absolute paths. */
function splitSpecifier(specifier: string): { pkg: string; subpath: string } | undefined {
  if (specifier.startsWith(".") || isAbsolute(specifier)) return undefined;
  const parts = specifier.split("/");
  const size = specifier.startsWith("@") ? 2 : 1;
  if (parts.length <= size) return undefined;
  return { pkg: parts.slice(0, size).join("/"), subpath: parts.slice(size).join("/") };
}

/**
 * The root directory of an installed package as Node resolves it from `fromDir`. Packages with an `exports` map may
 * not export `package.json` (e.g. @vladmandic/human), so fall back to resolving the package's entry point and walking
 * up to the directory whose package.json carries that name.
 */
export function packageRoot(pkg: string, fromDir: string): string {
  const paths = [fromDir];
  try {
    return dirname(require.resolve(`${pkg}/package.json`, { paths }));
  } catch {
    // not exported: walk up from the entry point below
  }
  let entry: string;
  try {
    entry = require.resolve(pkg, { paths });
  } catch (err) {
    throw new TfjsOnnxError(TfjsOnnxErrorCode.InvalidRecipe, `package ${pkg} cannot be resolved from ${fromDir}`, { cause: err });
  }
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === pkg) return dir;
  }
  throw new TfjsOnnxError(TfjsOnnxErrorCode.InvalidRecipe, `no package.json named ${pkg} above ${entry}`);
}

/**
 * A model.json location: a path relative to `baseDir` (or absolute), or a package file specifier such as
 * "@vladmandic/human/models/blazeface.json" (a file inside the installed package, whether exported or not).
 */
export function resolveModelSource(source: string, baseDir: string): string {
  const local = resolve(baseDir, source);
  const split = splitSpecifier(source);
  const path = split && !existsSync(local) ? join(packageRoot(split.pkg, baseDir), split.subpath) : local;
  if (!existsSync(path)) throw new TfjsOnnxError(TfjsOnnxErrorCode.InvalidRecipe, `model source ${source} not found (looked at ${path})`);
  return path;
}

import { createHash } from "node:crypto";
import { mkdir, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { DataType, encodeOnnxModel, type Dim } from "@prelabel/onnx-writer";
import { convertTfjsGraph } from "../tfjs-graph.converter.js";
import { loadTfjsModel, modelFiles } from "../tfjs-model.loader.js";
import type { TfjsModelJson } from "../tfjs-model.types.js";
import { loadRecipe } from "./recipe.loader.js";
import { resolveModelSource } from "./model-source.resolver.js";

export const ARTIFACTS_FILE = "artifacts.json";
export const STAMP_FILE = ".build-stamp.json";

/** Element type names as onnxruntime's Tensor types spell them. */
export type ArtifactDtype = "float32" | "float16" | "int32" | "int64" | "int8" | "uint8" | "bool";
const dtypeNames: Readonly<Record<DataType, ArtifactDtype>> = {
  [DataType.FLOAT]: "float32",
  [DataType.FLOAT16]: "float16",
  [DataType.INT32]: "int32",
  [DataType.INT64]: "int64",
  [DataType.INT8]: "int8",
  [DataType.UINT8]: "uint8",
  [DataType.BOOL]: "bool",
};

export interface Artifact {
  readonly name: string;
  readonly file: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  /** Graph inputs; a string dim is symbolic (e.g. "N"), null unknown. */
  readonly inputs: readonly { readonly name: string; readonly dtype: ArtifactDtype; readonly shape?: readonly Dim[] }[];
  readonly outputs: readonly { readonly name: string; readonly dtype: ArtifactDtype }[];
}

export interface BuildCatalogOptions {
  readonly recipePath: string;
  readonly outDir: string;
  /** Files whose content defines the converter; default: the .js of this lib's and onnx-writer's dist (no specs, no testing/). */
  readonly converterFiles?: readonly string[];
  /** Called with each built model (e.g. to load it in onnxruntime); returns a line to log. */
  readonly verify?: (name: string, bytes: Uint8Array) => Promise<string>;
  readonly log?: (line: string) => void;
}

export interface BuildCatalogResult {
  readonly upToDate: boolean;
  readonly artifacts: readonly Artifact[];
}

interface Stamp {
  readonly converter: string;
  readonly recipe: string;
  readonly sources: Readonly<Record<string, string>>;
}

/** Indented JSON with arrays of scalars (shapes) kept on one line; JSON strings cannot hold raw newlines, so this is safe. */
function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(/\[\s*\n([^[\]{}]*?)\n\s*\]/g, (_, inner: string) => `[${inner.trim().replace(/\s*\n\s*/g, " ")}]`)}\n`;
}

const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest("hex");

/** Writes via a temporary file in the same directory and a rename, so readers never see a partial file. */
async function writeAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } finally {
    await rm(tmp, { force: true });
  }
}

async function listJs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".js") && !e.name.endsWith(".spec.js"))
    .map((e) => join(e.parentPath, e.name))
    .filter((p) => !relative(dir, p).split(/[\\/]/).includes("testing"));
}

/** The compiled converter: this lib's dist and @prelabel/onnx-writer's dist. */
export async function defaultConverterFiles(): Promise<string[]> {
  const ownDist = resolve(__dirname, "..");
  const writerDist = dirname(require.resolve("@prelabel/onnx-writer"));
  return [...(await listJs(ownDist)), ...(await listJs(writerDist))];
}

/** Order-independent of discovery, dependent on content and (relative) names. */
async function hashFiles(files: readonly string[], root: string): Promise<string> {
  const h = createHash("sha256");
  for (const file of [...files].sort())
    h.update(relative(root, file))
      .update("\0")
      .update(await readFile(file))
      .update("\0");
  return h.digest("hex");
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as T;
  } catch {
    return undefined;
  }
}

/** True when the artifacts listed last time are all there with their recorded hashes. */
async function artifactsIntact(outDir: string, artifacts: readonly Artifact[] | undefined, names: readonly string[]): Promise<boolean> {
  if (!artifacts || artifacts.map((a) => a.name).join("\0") !== names.join("\0")) return false;
  for (const a of artifacts) {
    const bytes = await readFile(join(outDir, a.file)).catch(() => undefined);
    if (!bytes || sha256(bytes) !== a.sha256) return false;
  }
  return true;
}

/**
 * Converts every recipe entry to `<outDir>/<name>.onnx` and writes `artifacts.json`. Does nothing when the converter
 * code, the recipe and every source file are unchanged since the last build and its outputs are intact.
 */
export async function buildModelCatalog(options: BuildCatalogOptions): Promise<BuildCatalogResult> {
  const log = options.log ?? (() => undefined);
  const recipePath = resolve(options.recipePath);
  const outDir = resolve(options.outDir);
  const { recipe, text } = await loadRecipe(recipePath);
  const baseDir = dirname(recipePath);

  const converterFiles = options.converterFiles ?? (await defaultConverterFiles());
  const sourcePaths = new Map(recipe.models.map((m) => [m.name, resolveModelSource(m.source, baseDir)]));
  const sources: Record<string, string> = {};
  for (const [name, path] of sourcePaths) {
    const modelJson = JSON.parse(await readFile(path, "utf8")) as TfjsModelJson;
    sources[name] = await hashFiles(modelFiles(path, modelJson), dirname(path));
  }
  const stamp: Stamp = { converter: await hashFiles(converterFiles, resolve(__dirname, "../../..")), recipe: sha256(text), sources };

  const artifactsPath = join(outDir, ARTIFACTS_FILE);
  const previous = await readJson<{ models: Artifact[] }>(artifactsPath);
  const previousStamp = await readJson<Stamp>(join(outDir, STAMP_FILE));
  const names = recipe.models.map((m) => m.name);
  if (JSON.stringify(previousStamp) === JSON.stringify(stamp) && (await artifactsIntact(outDir, previous?.models, names))) {
    log(`up to date: ${names.length} models in ${outDir}`);
    return { upToDate: true, artifacts: previous!.models };
  }

  await mkdir(outDir, { recursive: true });
  await rm(join(outDir, STAMP_FILE), { force: true }); // a build interrupted from here on is never taken as current
  const artifacts: Artifact[] = [];
  for (const entry of recipe.models) {
    const started = performance.now();
    const source = await loadTfjsModel(sourcePaths.get(entry.name)!);
    const converted = convertTfjsGraph(source, {
      graphName: entry.name,
      ...(entry.outputs ? { outputs: entry.outputs } : {}),
      ...(entry.cutInputs ? { cutInputs: entry.cutInputs } : {}),
      fp16Storage: entry.fp16Storage ?? false,
    });
    const bytes = encodeOnnxModel(converted.model);
    const convertMs = performance.now() - started;
    const file = `${entry.name}.onnx`;
    await writeAtomic(join(outDir, file), bytes);
    const artifact: Artifact = {
      name: entry.name,
      file,
      sha256: sha256(bytes),
      sizeBytes: bytes.byteLength,
      inputs: converted.inputs.map((i) => ({ name: i.name, dtype: dtypeNames[i.elemType], ...(i.shape ? { shape: i.shape } : {}) })),
      outputs: converted.outputs.map((o) => ({ name: o.name, dtype: dtypeNames[o.elemType] })),
    };
    artifacts.push(artifact);
    const verified = options.verify ? `, ${await options.verify(entry.name, bytes)}` : "";
    log(
      `${entry.name}: sha256 ${artifact.sha256} ${(artifact.sizeBytes / 1e6).toFixed(2)} MB (${artifact.sizeBytes} bytes), converted in ${convertMs.toFixed(0)} ms${verified}`,
    );
  }

  // Files this catalog produced before but no longer lists.
  for (const stale of previous?.models ?? []) {
    if (!names.includes(stale.name) && /^[a-z0-9][a-z0-9-]*\.onnx$/.test(stale.file)) await rm(join(outDir, stale.file), { force: true });
  }
  await writeAtomic(artifactsPath, formatJson({ models: artifacts }));
  await writeAtomic(join(outDir, STAMP_FILE), `${JSON.stringify(stamp, null, 2)}\n`);
  return { upToDate: false, artifacts };
}

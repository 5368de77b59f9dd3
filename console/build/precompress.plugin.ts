import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { brotliCompressSync, constants as zlib, gzipSync } from "node:zlib";
import type { Plugin } from "vite";

/** Text the gateway may send compressed (its console-files plugin negotiates these same extensions). */
export const COMPRESSIBLE_EXTENSIONS = [".html", ".js", ".mjs", ".css", ".json", ".map", ".txt", ".svg", ".wasm"];

/** Below this, a compressed copy saves less than its headers cost. */
const MIN_BYTES = 256;

export interface PrecompressReport {
  /** Paths relative to the directory, each with the siblings written for it. */
  files: { path: string; raw: number; br?: number; gz?: number }[];
}

/**
 * Writes `<file>.br` (brotli 11) and `<file>.gz` (gzip 9) beside every compressible file under `dir`, once, at build
 * time, so the gateway sends the smallest encoding the browser accepts without compressing per request. A sibling is
 * only written when it is smaller than the file, and after it (the gateway ignores a sibling older than its original).
 */
export function precompressDirectory(dir: string): PrecompressReport {
  const report: PrecompressReport = { files: [] };
  const walk = (relative: string) => {
    for (const entry of readdirSync(join(dir, relative), { withFileTypes: true })) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && COMPRESSIBLE_EXTENSIONS.some((ext) => entry.name.toLowerCase().endsWith(ext))) {
        const file = join(dir, path);
        const raw = readFileSync(file);
        if (raw.byteLength < MIN_BYTES) continue;
        const done: PrecompressReport["files"][number] = { path, raw: raw.byteLength };
        const br = brotliCompressSync(raw, {
          params: { [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY, [zlib.BROTLI_PARAM_SIZE_HINT]: raw.byteLength },
        });
        if (br.byteLength < raw.byteLength) {
          writeFileSync(`${file}.br`, br);
          done.br = br.byteLength;
        }
        const gz = gzipSync(raw, { level: 9 });
        if (gz.byteLength < raw.byteLength) {
          writeFileSync(`${file}.gz`, gz);
          done.gz = gz.byteLength;
        }
        report.files.push(done);
      }
    }
  };
  walk("");
  return report;
}

/** The Vite side: after the bundle is written, precompress outDir (build only; the dev server compresses nothing). */
export function precompressPlugin(): Plugin {
  let outDir = "dist";
  let log: (message: string) => void = () => undefined;
  return {
    name: "prelabel-precompress",
    apply: "build",
    configResolved(config) {
      outDir = isAbsolute(config.build.outDir) ? config.build.outDir : join(config.root, config.build.outDir);
      log = (message) => config.logger.info(message);
    },
    closeBundle() {
      const report = precompressDirectory(outDir);
      const kb = (n: number | undefined) => (n === undefined ? "-" : `${(n / 1024).toFixed(1)} KB`);
      for (const f of report.files) log(`precompressed ${f.path}: ${kb(f.raw)} → br ${kb(f.br)}, gz ${kb(f.gz)}`);
    },
  };
}

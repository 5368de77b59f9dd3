// @vitest-environment node
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { precompressDirectory } from "./precompress.plugin.js";

describe("precompressDirectory", () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes .br and .gz siblings that decompress to the original, for text files only", () => {
    dir = mkdtempSync(join(tmpdir(), "prelabel-precompress-"));
    mkdirSync(join(dir, "assets"));
    const js = Buffer.from("export const answer = 42;\n".repeat(200));
    const html = Buffer.from(`<!doctype html><html><body>${"<p>frame</p>".repeat(100)}</body></html>\n`);
    writeFileSync(join(dir, "assets", "index-abc.js"), js);
    writeFileSync(join(dir, "index.html"), html);
    writeFileSync(join(dir, "assets", "photo.png"), Buffer.alloc(4096, 7));
    writeFileSync(join(dir, "tiny.css"), "a{b:c}");

    const report = precompressDirectory(dir);

    expect(brotliDecompressSync(readFileSync(join(dir, "assets", "index-abc.js.br")))).toEqual(js);
    expect(gunzipSync(readFileSync(join(dir, "assets", "index-abc.js.gz")))).toEqual(js);
    expect(brotliDecompressSync(readFileSync(join(dir, "index.html.br")))).toEqual(html);
    expect(gunzipSync(readFileSync(join(dir, "index.html.gz")))).toEqual(html);
    // Images are compressed already; a file too small to gain is left alone.
    expect(existsSync(join(dir, "assets", "photo.png.gz"))).toBe(false);
    expect(existsSync(join(dir, "tiny.css.br"))).toBe(false);
    expect(report.files.map((f) => f.path).sort()).toEqual(["assets/index-abc.js", "index.html"]);
    for (const f of report.files) expect(f.br! < f.raw && f.gz! < f.raw).toBe(true);
  });
});

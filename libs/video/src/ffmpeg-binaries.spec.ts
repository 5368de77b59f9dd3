import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { execFileSync } from "node:child_process";
import { FfmpegNotFoundError, locateFfmpeg } from "./ffmpeg-binaries.js";

function fakeBinDir(...names: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "ffbin-"));
  for (const name of names) {
    writeFileSync(join(dir, name), "#!/bin/sh\n");
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

describe("locateFfmpeg", () => {
  it("prefers a pair on PATH to the npm packages", () => {
    const dir = fakeBinDir("ffmpeg", "ffprobe");
    assert.deepEqual(locateFfmpeg({ searchPath: `/nonexistent:${dir}` }), {
      ffmpeg: join(dir, "ffmpeg"),
      ffprobe: join(dir, "ffprobe"),
      source: "path",
    });
  });

  it("falls back to the npm packages when PATH has only half the pair, and their binaries run", () => {
    const found = locateFfmpeg({ searchPath: fakeBinDir("ffmpeg") });
    assert.equal(found.source, "npm");
    assert.match(execFileSync(found.ffmpeg, ["-version"]).toString(), /^ffmpeg version/);
    assert.match(execFileSync(found.ffprobe, ["-version"]).toString(), /^ffprobe version/);
  });

  it("takes configured paths, and refuses half a pair or a file that cannot run", () => {
    const dir = fakeBinDir("ff", "fp");
    assert.equal(locateFfmpeg({ ffmpegPath: join(dir, "ff"), ffprobePath: join(dir, "fp") }).source, "config");
    assert.throws(() => locateFfmpeg({ ffmpegPath: join(dir, "ff") }), FfmpegNotFoundError);
    assert.throws(() => locateFfmpeg({ ffmpegPath: join(dir, "ff"), ffprobePath: join(dir, "missing") }), /not an executable/);
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { crc32, deflateSync } from "node:zlib";
import sharp from "sharp";
import { decodeFrame } from "./image-decoder.js";
import { FrameDecodeError, FrameDecodeErrorCode } from "./inference.errors.js";

const limits = { maxPixels: 40_000_000 };

function pngChunk(type: string, body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const typed = Buffer.concat([Buffer.from(type, "ascii"), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed) >>> 0);
  return Buffer.concat([length, typed, crc]);
}

/** A well-formed PNG whose header claims width × height RGB pixels, with only a token of pixel data. */
function pngClaiming(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(Buffer.alloc(1024))),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A noisy RGB image, so compressed data is long enough that cutting it removes real pixel data. */
function noise(width: number, height: number): sharp.Sharp {
  const data = Buffer.alloc(width * height * 3);
  let seed = 7;
  for (let i = 0; i < data.length; i++) data[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
  return sharp(data, { raw: { width, height, channels: 3 } });
}

async function rejectsWith(code: FrameDecodeErrorCode, bytes: Uint8Array, maxPixels = limits.maxPixels): Promise<void> {
  await assert.rejects(decodeFrame(bytes, { maxPixels }), (error: unknown) => {
    assert.ok(error instanceof FrameDecodeError, `expected FrameDecodeError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return true;
  });
}

describe("decodeFrame", () => {
  it("decodes a PNG to interleaved RGB with the exact pixel values", async () => {
    const png = await sharp(Buffer.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30]), { raw: { width: 2, height: 2, channels: 3 } })
      .png()
      .toBuffer();
    const image = await decodeFrame(png, limits);
    assert.equal(image.width, 2);
    assert.equal(image.height, 2);
    assert.ok(image.data instanceof Uint8Array);
    assert.deepEqual([...image.data], [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30]);
  });

  it("drops alpha and expands greyscale and 16-bit input to 8-bit RGB", async () => {
    const rgba = await sharp({ create: { width: 3, height: 2, channels: 4, background: { r: 10, g: 20, b: 30, alpha: 0.5 } } })
      .png()
      .toBuffer();
    const grey = await sharp({ create: { width: 3, height: 2, channels: 3, background: "#808080" } })
      .greyscale()
      .png()
      .toBuffer();
    const deep = await sharp({ create: { width: 3, height: 2, channels: 3, background: "#ff0000" } })
      .toColourspace("rgb16")
      .png()
      .toBuffer();
    assert.equal((await sharp(deep).metadata()).depth, "ushort", "fixture really is 16-bit");
    for (const [name, bytes, first] of [
      ["rgba", rgba, [10, 20, 30]],
      ["grey", grey, [128, 128, 128]],
      ["16-bit", deep, [255, 0, 0]],
    ] as const) {
      const image = await decodeFrame(bytes, limits);
      assert.equal(image.data.length, 3 * 2 * 3, name);
      assert.deepEqual([...image.data.subarray(0, 3)], first, name);
    }
  });

  it("applies EXIF orientation", async () => {
    const jpeg = await sharp({ create: { width: 40, height: 20, channels: 3, background: "#3366cc" } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    assert.equal((await sharp(jpeg).metadata()).orientation, 6);
    const image = await decodeFrame(jpeg, limits);
    assert.deepEqual([image.width, image.height], [20, 40]);
  });

  it("accepts a subarray view without copying assumptions", async () => {
    const png = await sharp({ create: { width: 5, height: 4, channels: 3, background: "#ffffff" } })
      .png()
      .toBuffer();
    const padded = new Uint8Array(png.length + 10);
    padded.set(png, 5);
    const image = await decodeFrame(padded.subarray(5, 5 + png.length), limits);
    assert.deepEqual([image.width, image.height], [5, 4]);
  });

  it("EMPTY_IMAGE for 0 bytes", async () => {
    await rejectsWith(FrameDecodeErrorCode.EMPTY_IMAGE, new Uint8Array(0));
  });

  it("NOT_AN_IMAGE for bytes no decoder recognises", async () => {
    await rejectsWith(FrameDecodeErrorCode.NOT_AN_IMAGE, Buffer.from("this is definitely not an image, just some text bytes"));
    await rejectsWith(FrameDecodeErrorCode.NOT_AN_IMAGE, new Uint8Array(256).fill(0xab));
  });

  it("CORRUPT_IMAGE for a truncated JPEG whose header is intact", async () => {
    const jpeg = await noise(64, 64).jpeg({ quality: 90 }).toBuffer();
    const cut = jpeg.subarray(0, Math.floor(jpeg.length * 0.6));
    assert.equal((await sharp(cut).metadata()).width, 64, "header still readable, so the failure is in the pixel data");
    await rejectsWith(FrameDecodeErrorCode.CORRUPT_IMAGE, cut);
  });

  it("CORRUPT_IMAGE for a truncated PNG", async () => {
    const png = await noise(64, 64).png().toBuffer();
    await rejectsWith(FrameDecodeErrorCode.CORRUPT_IMAGE, png.subarray(0, Math.floor(png.length * 0.6)));
  });

  it("IMAGE_TOO_LARGE for a PNG header claiming 100000x100000 pixels, before any pixel is decoded", async () => {
    const bomb = pngClaiming(100_000, 100_000);
    assert.ok(bomb.length < 200, "the bomb is tiny");
    const started = performance.now();
    await rejectsWith(FrameDecodeErrorCode.IMAGE_TOO_LARGE, bomb);
    assert.ok(performance.now() - started < 1000);
  });

  it("IMAGE_TOO_LARGE when a genuine image exceeds the configured limit", async () => {
    const png = await sharp({ create: { width: 100, height: 50, channels: 3, background: "#000" } })
      .png()
      .toBuffer();
    await rejectsWith(FrameDecodeErrorCode.IMAGE_TOO_LARGE, png, 4999);
    assert.equal((await decodeFrame(png, { maxPixels: 5000 })).width, 100);
  });

  it("rejects a nonsensical limit as a programming error", async () => {
    await assert.rejects(decodeFrame(Buffer.from("x"), { maxPixels: 0 }), RangeError);
  });
});

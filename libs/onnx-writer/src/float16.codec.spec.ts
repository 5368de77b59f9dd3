import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { float16BitsToFloat32, float32ToFloat16Bits, floatToHalf, halfToFloat } from "./float16.codec.js";

describe("float16 codec", () => {
  it("decodes reference bit patterns", () => {
    const cases: [number, number][] = [
      [0x0000, 0],
      [0x3c00, 1],
      [0xc000, -2],
      [0x7bff, 65504],
      [0x0001, 2 ** -24],
      [0x0400, 2 ** -14],
      [0x3555, 0.333251953125],
      [0x7c00, Infinity],
      [0xfc00, -Infinity],
    ];
    for (const [bits, value] of cases) assert.equal(halfToFloat(bits), value, `0x${bits.toString(16)}`);
    assert.ok(Number.isNaN(halfToFloat(0x7e00)));
    assert.ok(Object.is(halfToFloat(0x8000), -0));
  });

  it("round-trips every finite half exactly", () => {
    const all = Uint16Array.from({ length: 0x10000 }, (_, i) => i).filter((h) => (h & 0x7c00) !== 0x7c00);
    assert.deepEqual(float32ToFloat16Bits(float16BitsToFloat32(all)), all);
  });

  it("rounds to nearest even, overflows to infinity, underflows to zero", () => {
    assert.equal(floatToHalf(1 + 2 ** -11), 0x3c00); // tie → even (down)
    assert.equal(floatToHalf(1 + 3 * 2 ** -11), 0x3c02); // tie → even (up)
    assert.equal(floatToHalf(1 + 2 ** -11 + 2 ** -20), 0x3c01); // above the tie
    assert.equal(floatToHalf(65520), 0x7c00);
    assert.equal(floatToHalf(2 ** -26), 0x0000);
    assert.equal(floatToHalf(3 * 2 ** -26), 0x0001); // subnormal rounding up
    assert.equal(floatToHalf(NaN) & 0x7e00, 0x7e00);
  });
});

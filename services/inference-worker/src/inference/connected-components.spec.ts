import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { BinaryMask } from "./binary-mask.js";
import { componentMask, labelComponents } from "./connected-components.js";

function mask(...rows: string[]): BinaryMask {
  const width = rows[0].length;
  const data = new Uint8Array(width * rows.length);
  rows.forEach((row, y) => [...row].forEach((c, x) => (data[y * width + x] = c === "#" ? 1 : 0)));
  return { width, height: rows.length, data };
}

describe("labelComponents", () => {
  it("finds separate components with their area and inclusive bounds", () => {
    const { components } = labelComponents(mask("##....", "##..#.", "....#.", "......", "#....."));
    assert.deepEqual(components, [
      { label: 1, area: 4, left: 0, top: 0, right: 1, bottom: 1 },
      { label: 2, area: 2, left: 4, top: 1, right: 4, bottom: 2 },
      { label: 3, area: 1, left: 0, top: 4, right: 0, bottom: 4 },
    ]);
  });

  it("uses 8-connectivity: diagonal neighbours are one component", () => {
    const { components, labels } = labelComponents(mask("#...", ".#..", "..#.", "...#"));
    assert.equal(components.length, 1);
    assert.equal(components[0].area, 4);
    assert.deepEqual(
      [...labels].filter((l) => l !== 0),
      [1, 1, 1, 1],
    );
  });

  it("labels an empty mask with no components", () => {
    const { components, labels } = labelComponents(mask("...", "..."));
    assert.equal(components.length, 0);
    assert.ok(labels.every((l) => l === 0));
  });

  it("handles a component of a million pixels without recursion", () => {
    const data = new Uint8Array(1000 * 1000).fill(1);
    const { components } = labelComponents({ width: 1000, height: 1000, data });
    assert.equal(components.length, 1);
    assert.equal(components[0].area, 1_000_000);
  });

  it("componentMask leaves out other components that share the bounding box", () => {
    // The U (label 1) surrounds the single pixel (label 2) inside its box.
    const labelled = labelComponents(mask("#...#", "#.#.#", "#...#", "#####"));
    assert.equal(labelled.components.length, 2);
    const u = componentMask(labelled, labelled.components[0]);
    assert.deepEqual({ left: u.left, top: u.top, width: u.width, height: u.height }, { left: 0, top: 0, width: 5, height: 4 });
    assert.equal(u.data[1 * 5 + 2], 0, "the inner pixel belongs to the other component");
    assert.equal(
      u.data.reduce((a, b) => a + b, 0),
      11,
    );
  });
});

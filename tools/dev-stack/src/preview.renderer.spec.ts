import assert from "node:assert/strict";
import { describe, it } from "node:test";
import sharp from "sharp";
import { previewSvg, renderPreview, type PreviewAnnotation } from "./preview.renderer.js";

const face: PreviewAnnotation = {
  type: "RECTANGLE",
  points: [10, 20, 50, 70],
  score: 0.91,
  label: { name: "face" },
  attributes: [
    { name: "gender", value: "female" },
    { name: "emotion", value: "happy" },
  ],
};

const pose: PreviewAnnotation = {
  type: "SKELETON",
  points: [0, 0, 80, 90],
  score: 0.7,
  label: { name: "pose" },
  elements: [
    { label: { name: "left_shoulder" }, points: [20, 30], occluded: false, outside: false },
    { label: { name: "left_elbow" }, points: [25, 50], occluded: true, outside: false },
    { label: { name: "left_wrist" }, points: [28, 70], occluded: false, outside: true },
  ],
};

describe("previewSvg", () => {
  it("draws a box with label, score and attribute values", () => {
    const svg = previewSvg(100, 100, [face]);
    assert.match(svg, /<rect x="10" y="20" width="40" height="50"/);
    assert.match(svg, />face 0\.91 gender=female emotion=happy</);
  });

  it("draws limbs between visible points only, occluded points hollow, outside points not at all", () => {
    const svg = previewSvg(100, 100, [pose]);
    assert.equal((svg.match(/<line /g) ?? []).length, 1, "shoulder–elbow only: the wrist is outside");
    assert.equal((svg.match(/<circle /g) ?? []).length, 2);
    assert.match(svg, /<circle cx="25" cy="50" r="\d+" fill="none"/);
    assert.doesNotMatch(svg, /<rect /, "a skeleton is its points, not a box");
    assert.match(svg, />pose 0\.70</);
  });

  it("escapes label text", () => {
    const svg = previewSvg(10, 10, [{ ...face, label: { name: "a<b&c" }, attributes: [] }]);
    assert.match(svg, /a&lt;b&amp;c/);
  });
});

describe("renderPreview", () => {
  it("composites the overlay onto the image at its size", async () => {
    const image = sharp({ create: { width: 100, height: 100, channels: 3, background: "#000" } });
    const out = await (await renderPreview(image, [face])).raw().toBuffer({ resolveWithObject: true });
    assert.equal(out.info.width, 100);
    // The rectangle's top edge at y=20 is drawn: some pixel on it is no longer black.
    const row = 20 * out.info.width * out.info.channels;
    const lit = Array.from({ length: 40 }, (_, i) => out.data[row + (12 + i) * out.info.channels]).some((v) => v > 0);
    assert.ok(lit);
  });
});

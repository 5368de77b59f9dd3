import { labelColor } from "./label-color.js";

describe("labelColor", () => {
  it("is stable for a name and an HSL colour", () => {
    expect(labelColor("person")).toBe(labelColor("person"));
    expect(labelColor("person")).toMatch(/^hsl\(\d{1,3}, 80%, 50%\)$/);
  });

  it("tells common labels apart", () => {
    const names = ["person", "car", "face", "dog", "cat", "text", "bicycle", "truck"];
    const hues = new Set(names.map((n) => labelColor(n)));
    expect(hues.size).toBe(names.length);
  });
});

import { groupModelsBySource } from "./model-source.groups.js";

describe("groupModelsBySource", () => {
  it("orders sections catalog, uploaded, Hugging Face, Roboflow, Nuclio; keeps each one's order; drops empty ones", () => {
    const models = [
      { id: "n", source: "NUCLIO" as const },
      { id: "u2", source: "UPLOAD" as const },
      { id: "c", source: "CATALOG" as const },
      { id: "r", source: "ROBOFLOW" as const },
      { id: "u1", source: "UPLOAD" as const },
    ];
    expect(groupModelsBySource(models).map((g) => [g.title, g.models.map((m) => m.id)])).toEqual([
      ["Catalog", ["c"]],
      ["Uploaded", ["u2", "u1"]],
      ["Roboflow", ["r"]],
      ["Nuclio functions", ["n"]],
    ]);
    expect(groupModelsBySource([])).toEqual([]);
  });
});

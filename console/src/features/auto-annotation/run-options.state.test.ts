import {
  DEFAULT_RUN_OPTIONS,
  mappedTaskLabelIds,
  runOptionProblems,
  runOptionsInput,
  tilingUnavailableReason,
  withBestF1Thresholds,
} from "./run-options.state.js";
import { FACE_MODEL, POSE_MODEL } from "./auto-annotation.testing.js";

const name = (id: string) => id.replace("t-", "");

describe("run options", () => {
  it("lists the mapped task labels once each, in the task's order", () => {
    const rows = [
      { modelLabel: "b", taskLabelId: "t-car", attributes: {}, sublabels: {} },
      { modelLabel: "a", taskLabelId: "t-face", attributes: {}, sublabels: {} },
      { modelLabel: "c", taskLabelId: "t-car", attributes: {}, sublabels: {} },
      { modelLabel: "d", taskLabelId: null, attributes: {}, sublabels: {} },
    ];
    expect(mappedTaskLabelIds(rows, ["t-face", "t-text", "t-car"])).toEqual(["t-face", "t-car"]);
  });

  it("checks tiling only when it is on, and applies the server's limits", () => {
    const off = { ...DEFAULT_RUN_OPTIONS, tiling: { ...DEFAULT_RUN_OPTIONS.tiling, tileSize: "5" } };
    expect(runOptionProblems(off, [], name)).toEqual({});
    const on = (tileSize: string, overlap: string) => ({
      ...DEFAULT_RUN_OPTIONS,
      tiling: { enabled: true, tileSize, overlap, merge: "NMS" as const },
    });
    expect(runOptionProblems(on("128", "0"), [], name)).toEqual({});
    expect(runOptionProblems(on("4096", "0.5"), [], name)).toEqual({});
    expect(Object.keys(runOptionProblems(on("127", "0.51"), [], name))).toEqual(["tileSize", "overlap"]);
    expect(Object.keys(runOptionProblems(on("640.5", "-0.1"), [], name))).toEqual(["tileSize", "overlap"]);
  });

  it("checks only the listed labels' thresholds and sends them by task label id", () => {
    const draft = { ...DEFAULT_RUN_OPTIONS, labelThresholds: { "t-face": "0.35", "t-car": "", "t-gone": "2" } };
    expect(runOptionProblems(draft, ["t-face", "t-car"], name)).toEqual({});
    expect(runOptionsInput(draft, ["t-face", "t-car"])).toEqual({ thresholds: [{ label: "t-face", threshold: 0.35 }] });
    expect(runOptionProblems(draft, ["t-gone"], name)).toEqual({
      "threshold:t-gone": 'The threshold of "gone" must be at most 1: scores are between 0 and 1.',
    });
  });

  it("says why tiling does not apply: a hosted model, or tags only", () => {
    const faceRow = [{ modelLabel: "face", taskLabelId: "t-face", attributes: {}, sublabels: {} }];
    expect(tilingUnavailableReason(FACE_MODEL, faceRow)).toBeNull();
    expect(tilingUnavailableReason(POSE_MODEL, [])).toMatch(/hosted/);
    const tagger = { source: "UPLOAD" as const, labels: [{ name: "indoor", type: "TAG" as const, attributes: [], sublabels: [] }] };
    expect(tilingUnavailableReason(tagger, [{ modelLabel: "indoor", taskLabelId: "t-x", attributes: {}, sublabels: {} }])).toMatch(/tags/);
  });

  it("fills the best-F1 thresholds, cut to 4 decimals so the best detection is still kept, never 0", () => {
    expect(
      withBestF1Thresholds({ "t-car": "0.9", "t-face": "0.5" }, [
        { taskLabelId: "t-face", bestF1Threshold: 0.123_456 },
        { taskLabelId: "t-car", bestF1Threshold: null },
        { taskLabelId: "t-text", bestF1Threshold: 0.35 },
        { taskLabelId: "t-mark", bestF1Threshold: 0.000_01 },
      ]),
    ).toEqual({ "t-car": "0.9", "t-face": "0.1234", "t-text": "0.35", "t-mark": "0.0001" });
  });
});

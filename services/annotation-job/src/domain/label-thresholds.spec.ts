import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkThresholdValues, resolveLabelThresholds } from "./label-thresholds.js";
import type { TaskLabel } from "./labels.js";

const label = (id: string, name: string, type: TaskLabel["type"] = "RECTANGLE"): TaskLabel => ({
  id,
  name,
  type,
  attributes: [],
  sublabels: [],
});
const taskLabels = [label("l-car", "Car"), label("l-person", "Traffic Light"), label("l-sign", "sign")];

describe("resolveLabelThresholds", () => {
  it("resolves each label by id or by name, ignoring case and spacing, keeping the request's order", () => {
    const r = resolveLabelThresholds(
      [
        { label: "l-car", threshold: 0.7 },
        { label: "traffic  light", threshold: 0.2 },
        { label: "SIGN", threshold: 1 },
      ],
      taskLabels,
    );
    assert.deepEqual(r, {
      ok: true,
      value: [
        { taskLabelId: "l-car", taskLabel: "Car", threshold: 0.7 },
        { taskLabelId: "l-person", taskLabel: "Traffic Light", threshold: 0.2 },
        { taskLabelId: "l-sign", taskLabel: "sign", threshold: 1 },
      ],
    });
  });
  it("treats omitted, null and empty as none", () => {
    for (const none of [undefined, null, []]) assert.deepEqual(resolveLabelThresholds(none, taskLabels), { ok: true, value: [] });
  });
  it("reports every problem with its path: out of range, unknown label, the same label twice (by name and by id)", () => {
    const r = resolveLabelThresholds(
      [
        { label: "Car", threshold: 0 },
        { label: "bicycle", threshold: 0.5 },
        { label: "l-car", threshold: 0.5 },
        { label: "sign", threshold: 1.5 },
      ],
      taskLabels,
    );
    assert.equal(r.ok, false);
    assert.ok(!r.ok);
    assert.deepEqual(
      r.problems.map((p) => p.path),
      ["thresholds[0].threshold", "thresholds[3].threshold", "thresholds[1].label", "thresholds[2].label"],
    );
    assert.match(r.problems[2].message, /no label with id or name "bicycle" \(it has: Car, Traffic Light, sign\)/);
    assert.match(r.problems[3].message, /"Car" already has a threshold \(thresholds\[0\]\)/);
  });
  it("refuses a name that matches several labels once normalised, asking for the id", () => {
    const r = resolveLabelThresholds(
      [{ label: "traffic light", threshold: 0.5 }],
      [label("a", "Traffic Light"), label("b", "traffic-light")],
    );
    assert.ok(!r.ok);
    assert.deepEqual(
      r.problems.map((p) => p.path),
      ["thresholds[0].label"],
    );
    assert.match(r.problems[0].message, /several task labels; use its id/);
  });
  it("does not look into a skeleton's points (they share their skeleton's score)", () => {
    const skeleton: TaskLabel = { ...label("l-pose", "pose", "SKELETON"), sublabels: [label("l-nose", "nose", "POINTS")] };
    const r = resolveLabelThresholds([{ label: "nose", threshold: 0.5 }], [skeleton]);
    assert.ok(!r.ok);
    assert.deepEqual(resolveLabelThresholds([{ label: "pose", threshold: 0.5 }], [skeleton]), {
      ok: true,
      value: [{ taskLabelId: "l-pose", taskLabel: "pose", threshold: 0.5 }],
    });
  });
});

describe("checkThresholdValues (before the task is known)", () => {
  it("accepts values in (0, 1] and an omitted reviewBelow", () => {
    assert.deepEqual(
      checkThresholdValues(
        [
          { label: "x", threshold: 1e-6 },
          { label: "y", threshold: 1 },
        ],
        undefined,
      ),
      [],
    );
    assert.deepEqual(checkThresholdValues(null, null), []);
    assert.deepEqual(checkThresholdValues(undefined, 0.5), []);
  });
  it("names each value out of (0, 1], NaN and infinities included, and a bad reviewBelow", () => {
    for (const bad of [0, -0.1, 1.01, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.deepEqual(
        checkThresholdValues(
          [
            { label: "x", threshold: 0.5 },
            { label: "y", threshold: bad },
          ],
          bad,
        ).map((p) => p.path),
        ["thresholds[1].threshold", "reviewBelow"],
        String(bad),
      );
    }
  });
});

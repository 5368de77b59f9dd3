import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CENTERNET_IO } from "../coco/centernet.detector.js";
import { float32, fakeModelSession, solidFrame } from "../fake-model-session.testing.js";
import { ModelError, ModelErrorCode } from "../inference.errors.js";
import type { Tensor } from "../model-session.js";
import { MOVENET_IO, PersonPoseModel } from "./person-pose.model.js";

function centernet(rows: number[][]) {
  return fakeModelSession({ inputs: [CENTERNET_IO.input], outputs: [CENTERNET_IO.detections] }, () => ({
    [CENTERNET_IO.detections]: float32([1, 100, 6], (d) => rows.forEach((r, i) => d.set(r, i * 6))),
  }));
}

/** Every keypoint at the crop's centre with score 0.9, except the right ankle (index 16) at 0.05. */
function movenet(dims = [1, 1, 17, 3]) {
  return fakeModelSession({ inputs: [MOVENET_IO.input], outputs: [MOVENET_IO.keypoints] }, () => ({
    [MOVENET_IO.keypoints]: float32(dims, (d) => {
      for (let k = 0; k < d.length / 3; k++) d.set([0.5, 0.5, k === 16 ? 0.05 : 0.9], k * 3);
    }),
  }));
}

describe("PersonPoseModel with fake sessions", () => {
  // 512 × 512 frame, so CenterNet's 512-px boxes are frame pixels.
  const rows = [
    [100, 100, 200, 300, 0.8, 0], // person, 100 × 200
    [300, 300, 340, 340, 0.9, 2], // car: no skeleton
    [400, 0, 440, 40, 0.2, 0], // person below the threshold
  ];

  it("runs MoveNet once per person above the threshold on a 1.2× square crop, blanked outside the person", async () => {
    const detector = centernet(rows);
    const pose = movenet();
    const model = new PersonPoseModel({ detector: detector.session, movenet: pose.session });
    const people = await model.detect(solidFrame(512, 512, 90), { threshold: 0.3, returnMasks: false });

    assert.equal(detector.feeds.length, 1);
    assert.equal(pose.feeds.length, 1);
    const feed = pose.feeds[0][MOVENET_IO.input] as Extract<Tensor, { type: "int32" }>;
    assert.equal(feed.type, "int32");
    assert.deepEqual(feed.dims, [1, 192, 192, 3]);
    // Crop: 240-px square centred on (150, 200) → x 30..270, y 80..320 (1.25 px per input px). Kept:
    // the box ×1.1 → x 95..205, y 90..310 → input columns 52..140, rows 8..184; the rest is blank.
    const at = (row: number, col: number) => feed.data[(row * 192 + col) * 3];
    assert.equal(at(96, 96), 90);
    assert.equal(at(96, 53), 90);
    assert.equal(at(96, 51), 0, "left of the person: blanked");
    assert.equal(at(96, 141), 0, "right of the person: blanked");
    assert.equal(at(6, 96), 0, "above the person: blanked");
    assert.equal(at(183, 96), 90);

    assert.equal(people.length, 1);
    const [person] = people;
    assert.equal(person.label, "person");
    assert.ok(Math.abs((person.score ?? NaN) - 0.8) < 1e-6);
    assert.deepEqual(person.box, [100, 100, 200, 300]);
    assert.equal(person.keypoints?.length, 17);
    assert.deepEqual(person.keypoints?.[0], { label: "nose", x: 150, y: 200, score: person.keypoints?.[0].score });
    assert.equal(person.keypoints?.[16].label, "right_ankle");
    assert.equal(person.keypoints?.[16].outside, true);
  });

  it("pads crops that leave the frame with zeros", async () => {
    const detector = centernet([[0, 0, 100, 100, 0.9, 0]]);
    const pose = movenet();
    await new PersonPoseModel({ detector: detector.session, movenet: pose.session }).detect(solidFrame(512, 512, 90), {
      threshold: 0.3,
      returnMasks: false,
    });
    const feed = pose.feeds[0][MOVENET_IO.input] as Extract<Tensor, { type: "int32" }>;
    // Crop x −10..110: the first column is padding, the middle is image.
    assert.equal(feed.data[0], 0);
    assert.equal(feed.data[(96 * 192 + 96) * 3], 90);
  });

  it("caps the people per frame", async () => {
    const many = Array.from({ length: 5 }, (_, i) => [i * 100, 0, i * 100 + 50, 100, 0.9 - i * 0.01, 0]);
    const pose = movenet();
    const people = await new PersonPoseModel({ detector: centernet(many).session, movenet: pose.session }, { maxPersons: 3 }).detect(
      solidFrame(512, 512, 0),
      {
        threshold: 0.3,
        returnMasks: false,
      },
    );
    assert.equal(people.length, 3);
    assert.equal(pose.feeds.length, 3);
    assert.deepEqual(
      people.map((p) => p.box[0]),
      [0, 100, 200],
      "best scores first",
    );
  });

  it("throws MODEL_OUTPUT_INVALID for a MoveNet output of the wrong shape", async () => {
    const model = new PersonPoseModel({ detector: centernet(rows).session, movenet: movenet([1, 6, 56]).session });
    await assert.rejects(
      model.detect(solidFrame(512, 512, 0), { threshold: 0.3, returnMasks: false }),
      (e: unknown) => e instanceof ModelError && e.code === ModelErrorCode.MODEL_OUTPUT_INVALID,
    );
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HubError, HubErrorCode } from "../hub.errors.js";
import { formatRoboflowRef, parseRoboflowRef, parseRoboflowUrl } from "./roboflow-url.parser.js";

describe("parseRoboflowUrl", () => {
  const ok: Array<[string, string]> = [
    ["https://app.roboflow.com/acme/hard-hats/3", "acme/hard-hats/3"],
    ["app.roboflow.com/acme/hard-hats/3/", "acme/hard-hats/3"],
    ["https://app.roboflow.com/acme/hard-hats/3/images?split=train", "acme/hard-hats/3"],
    ["https://app.roboflow.com/acme/hard-hats/deploy/3", "acme/hard-hats/3"],
    ["https://universe.roboflow.com/universe-ws/public-cars/model/5", "universe-ws/public-cars/5"],
    ["https://universe.roboflow.com/universe-ws/public-cars/dataset/5", "universe-ws/public-cars/5"],
    ["universe.roboflow.com/universe-ws/public-cars/5#top", "universe-ws/public-cars/5"],
    ["https://universe.roboflow.com/roboflow-100/cells-uyemf/model/2", "roboflow-100/cells-uyemf/2"],
  ];
  for (const [input, ref] of ok) {
    it(`reads ${input}`, () => assert.equal(formatRoboflowRef(parseRoboflowUrl(input)), ref));
  }

  const bad: Array<[string, RegExp]> = [
    ["", /empty/],
    ["https://detect.roboflow.com/hard-hats/3", /app\.roboflow\.com or universe/],
    ["https://app.roboflow.com.evil.example/acme/hard-hats/3", /app\.roboflow\.com or universe/],
    ["https://app.roboflow.com:444/acme/hard-hats/3", /app\.roboflow\.com or universe/],
    ["https://app.roboflow.com/acme", /no workspace and project/],
    ["https://universe.roboflow.com/universe-ws/public-cars", /no model version/],
    ["https://universe.roboflow.com/universe-ws/public-cars/model", /no model version/],
    ["https://app.roboflow.com/acme/hard-hats/3/4", /unexpected path/],
    ["https://app.roboflow.com/acme/hard-hats/0", /invalid version/],
    ["https://app.roboflow.com/ac%2Fme/hard-hats/3", /invalid workspace or project/],
    ["file:///acme/hard-hats/3", /http/],
  ];
  for (const [input, why] of bad) {
    it(`refuses ${JSON.stringify(input)}`, () => {
      assert.throws(
        () => parseRoboflowUrl(input),
        (e: unknown) => e instanceof HubError && e.code === HubErrorCode.UrlInvalid && why.test(e.message),
      );
    });
  }

  it("round-trips the descriptor ref", () => {
    assert.deepEqual(parseRoboflowRef("acme/hard-hats/3"), { workspace: "acme", project: "hard-hats", version: 3 });
    assert.throws(
      () => parseRoboflowRef("hard-hats/3"),
      (e: unknown) => e instanceof HubError && e.code === HubErrorCode.UrlInvalid,
    );
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HubError, HubErrorCode, HubPublicCode, hubPublicCodes } from "@prelabel/hubs";
import { toHubAppError } from "./hub-model.errors.js";
import { availableSources, huggingFaceInputProblems, roboflowInputProblems } from "./hub-model.js";

describe("hub model input rules", () => {
  it("needs exactly one of url and repoId, a threshold in (0, 1], and never quotes the token", () => {
    assert.deepEqual(huggingFaceInputProblems({ repoId: "a/b" }), []);
    assert.match(huggingFaceInputProblems({}).join(), /exactly one of url and repoId/);
    assert.match(huggingFaceInputProblems({ url: "https://huggingface.co/a/b", repoId: "a/b" }).join(), /exactly one/);
    assert.match(huggingFaceInputProblems({ repoId: "a/b", defaultThreshold: 0 }).join(), /defaultThreshold 0 must be in \(0, 1\]/);
    assert.match(huggingFaceInputProblems({ repoId: "a/b", endpointUrl: "ftp://x" }).join(), /endpointUrl/);
    const bad = huggingFaceInputProblems({ repoId: "a/b", token: "hf_ secret" }).join();
    assert.match(bad, /token must not contain whitespace/);
    assert.ok(!bad.includes("secret"));
    assert.match(roboflowInputProblems({ url: "", apiKey: "" }).join(), /url must not be empty.*apiKey must not be empty/);
  });

  it("offers hub sources in cloud mode only", () => {
    assert.deepEqual(availableSources("self-hosted"), ["CATALOG", "UPLOAD", "NUCLIO"]);
    assert.deepEqual(availableSources("cloud"), ["CATALOG", "UPLOAD", "NUCLIO", "HUGGING_FACE", "ROBOFLOW"]);
  });
});

describe("HubError → public code", () => {
  it("maps every hub code, and scrubs the caller's secret from the message", () => {
    for (const code of Object.values(HubErrorCode)) assert.ok(hubPublicCodes[code], code);
    assert.equal(hubPublicCodes.HUB_NOT_FOUND, "HUB_MODEL_NOT_FOUND");
    assert.equal(hubPublicCodes.HUB_URL_INVALID, HubPublicCode.BadUserInput);
    const err = toHubAppError(
      new HubError(HubErrorCode.Unauthorized, "key rf-plainkey-1234 was refused", { hub: "roboflow", status: 401 }),
      "rf-plainkey-1234",
    );
    assert.equal(err.code, "HUB_UNAUTHORIZED");
    assert.ok(!err.message.includes("rf-plainkey-1234"));
    assert.deepEqual(err.details, { hubCode: "HUB_UNAUTHORIZED", hub: "roboflow", status: 401 });
  });
});

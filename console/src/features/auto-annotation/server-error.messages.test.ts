import { CombinedError } from "urql";
import { graphQLError } from "./auto-annotation.testing.js";
import { describeServerError } from "./server-error.messages.js";

describe("describeServerError", () => {
  it.each([
    ["INVALID_MAPPING", /refused the label matching/],
    ["JOB_ALREADY_RUNNING", /already has an automatic annotation running/],
    ["TENANT_JOB_LIMIT", /runs as many jobs as it may/],
    ["MODEL_NOT_SUPPORTED", /No job can run this model/],
    ["NOT_FOUND", /no longer exists/],
    ["UNAUTHENTICATED", /sign in again/],
    ["SERVICE_UNAVAILABLE", /try again shortly/],
  ])("says what %s means", (code, meaning) => {
    const view = describeServerError(graphQLError(code, "raw server text"));
    expect(view.code).toBe(code);
    expect(view.message).toMatch(meaning);
  });

  it("says when the frame quota frees up", () => {
    const view = describeServerError(
      graphQLError("TENANT_FRAME_QUOTA", "quota", { limit: 1000, used: 900, requested: 200, retryAfterSeconds: 754 }),
    );
    expect(view.message).toBe(
      "This run would take your organisation past its hourly frame quota: try again in 12 min 34 s, or annotate fewer frames.",
    );
  });

  it("names the tenant's job limit and the unsupported model's reason", () => {
    expect(describeServerError(graphQLError("TENANT_JOB_LIMIT", "x", { limit: 3, active: 3 })).message).toContain("(3)");
    expect(describeServerError(graphQLError("MODEL_NOT_SUPPORTED", "x", { reason: "a tracker function" })).message).toBe(
      "No job can run this model: a tracker function. Choose a detector.",
    );
  });

  it("lists INVALID_MAPPING's problems", () => {
    const view = describeServerError(
      graphQLError("INVALID_MAPPING", "Invalid mapping", {
        problems: [{ path: "mapping[0]", code: "INCOMPATIBLE_TYPE", message: "mask onto points" }],
      }),
    );
    expect(view.details).toEqual(["mask onto points"]);
  });

  it("explains the task service's refusals with the server's specifics", () => {
    expect(describeServerError(graphQLError("INVALID_PATH", '"../etc" resolves outside the import root')).message).toBe(
      `That is not a directory of images below the server's import root (IMPORT_ROOT), or importing is switched off: "../etc" resolves outside the import root.`,
    );
    expect(describeServerError(graphQLError("BAD_USER_INPUT", "Task name must not be empty")).message).toBe(
      "The server refused the input: Task name must not be empty.",
    );
    const schema = describeServerError(
      graphQLError("INVALID_LABEL_SCHEMA", "Invalid label schema: …", {
        problems: [{ path: "labels[0].name", message: "a label name must not be empty" }],
      }),
    );
    expect(schema).toEqual({
      code: "INVALID_LABEL_SCHEMA",
      message: "The server refused the labels: fix the fields it marks and try again.",
      details: ["a label name must not be empty"],
    });
  });

  it("shows an unknown code's message as it is", () => {
    expect(describeServerError(graphQLError("SOMETHING_NEW", "Something new went wrong"))).toEqual({
      code: "SOMETHING_NEW",
      message: "Something new went wrong",
      details: [],
    });
  });

  it.each([
    [
      "INVALID_TILING",
      { problems: [{ path: "tiling.tileSize", message: "tileSize must be an integer from 128 to 4096 pixels (got 64)." }] },
      /tile size must be 128 to 4096 pixels and the overlap 0 to 0.5/,
    ],
    [
      "TILING_NOT_APPLICABLE",
      { reason: "the model is hosted by a hub" },
      /^Tiling cannot be used with this model: the model is hosted by a hub\. Run it without tiling\.$/,
    ],
    ["INVALID_FRAME_RANGE", { frames: [120, 121] }, /^The task has no frame 120, 121/],
    ["PREVIEW_LIMIT", { limit: 2, running: 2 }, /as many previews as it may at once \(2\)/],
    ["WORKER_BUSY", {}, /worker is busy/],
    ["NO_GROUND_TRUTH", {}, /manual annotations to compare/],
    ["INVALID_BATCH", { code: "TOO_MANY", max: 100 }, /^A batch takes at most 100 tasks/],
    ["NOT_FLAGGED_FOR_REVIEW", { ids: ["a1"] }, /no longer waiting for review/],
    ["ANNOTATIONS_BUSY", {}, /committing results to this task/],
    ["TOO_MANY_ANNOTATIONS", { count: 1200, max: 1000 }, /at most 1000/],
    ["NOT_FOUND", { taskId: "t-9" }, /^Task t-9 does not exist .*nothing was done\.$/],
  ])("explains issue 16's %s", (code, details, meaning) => {
    expect(describeServerError(graphQLError(code, "raw", details)).message).toMatch(meaning);
  });

  it("lists per-class threshold problems, and keeps the plain meaning without them", () => {
    const view = describeServerError(
      graphQLError("INVALID_THRESHOLD", "Invalid thresholds", {
        problems: [{ path: "thresholds[0].label", message: 'The task has no label "zebra".' }],
      }),
    );
    expect(view.message).toBe("The server refused a threshold: fix the ones it names and try again.");
    expect(view.details).toEqual(['The task has no label "zebra".']);
    expect(describeServerError(graphQLError("INVALID_THRESHOLD", "x")).message).toBe("The threshold must be greater than 0 and at most 1.");
  });

  it("explains a network error", () => {
    const view = describeServerError(new CombinedError({ networkError: new Error("Failed to fetch") }));
    expect(view).toEqual({
      code: null,
      message: "Could not reach the server (Failed to fetch): check the connection and try again.",
      details: [],
    });
  });
});

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

  it("explains a network error", () => {
    const view = describeServerError(new CombinedError({ networkError: new Error("Failed to fetch") }));
    expect(view).toEqual({
      code: null,
      message: "Could not reach the server (Failed to fetch): check the connection and try again.",
      details: [],
    });
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GraphQLError } from "graphql";
import { AppError, ErrorCode, formatGraphQLError } from "./errors.js";

const wrap = (original: Error) => new GraphQLError(original.message, { originalError: original, path: ["f"] });

describe("formatGraphQLError", () => {
  it("keeps an AppError's code, message and details", () => {
    const err = wrap(new AppError(ErrorCode.InvalidThreshold, "threshold must be in (0, 1]", { threshold: 0 }));
    const out = formatGraphQLError(err.toJSON(), err);
    assert.deepEqual(out.extensions, { code: "INVALID_THRESHOLD", details: { threshold: 0 } });
    assert.equal(out.message, "threshold must be in (0, 1]");
  });

  it("hides anything unexpected behind INTERNAL_SERVER_ERROR and reports it", () => {
    const leaks: unknown[] = [];
    const err = wrap(Object.assign(new Error('duplicate key value violates unique constraint "job_pkey"'), { code: "23505" }));
    const out = formatGraphQLError(err.toJSON(), err, (e) => leaks.push(e));
    assert.deepEqual(out, { message: "Internal server error", locations: undefined, path: ["f"], extensions: { code: "INTERNAL_SERVER_ERROR" } });
    assert.equal(leaks.length, 1);
  });

  it("passes GraphQL validation codes and deliberate documented codes through", () => {
    const validation = new GraphQLError("Unknown argument", { extensions: { code: "GRAPHQL_VALIDATION_FAILED" } });
    assert.equal(formatGraphQLError(validation.toJSON(), validation).extensions?.code, "GRAPHQL_VALIDATION_FAILED");
    const deliberate = new GraphQLError("No job", { extensions: { code: "NOT_FOUND" } });
    assert.equal(formatGraphQLError(deliberate.toJSON(), deliberate).extensions?.code, "NOT_FOUND");
    const invented = new GraphQLError("x", { extensions: { code: "SOMETHING_ELSE" } });
    assert.equal(formatGraphQLError(invented.toJSON(), invented).extensions?.code, "INTERNAL_SERVER_ERROR");
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GraphQLError } from "graphql";
import { AppError, formatGraphQLError, UNAVAILABLE_MESSAGE } from "./errors.js";

const wrap = (original: Error) => new GraphQLError(original.message, { originalError: original, path: ["f"] });

/** A service's own codes, as a service declares them in `src/domain/<service>-error-codes.ts`. */
const WidgetErrorCode = { WidgetJammed: "WIDGET_JAMMED", SupplierDown: "SUPPLIER_DOWN" } as const;

describe("formatGraphQLError", () => {
  it("keeps an AppError's code, message and details", () => {
    const err = wrap(new AppError(WidgetErrorCode.WidgetJammed, "the widget is jammed", { widget: 7 }));
    const out = formatGraphQLError(err.toJSON(), err);
    assert.deepEqual(out.extensions, { code: "WIDGET_JAMMED", details: { widget: 7 } });
    assert.equal(out.message, "the widget is jammed");
  });

  it("hides anything unexpected behind INTERNAL_SERVER_ERROR and reports it", () => {
    const leaks: unknown[] = [];
    const err = wrap(Object.assign(new Error('duplicate key value violates unique constraint "job_pkey"'), { code: "23505" }));
    const out = formatGraphQLError(err.toJSON(), err, (e) => leaks.push(e));
    assert.deepEqual(out, {
      message: "Internal server error",
      locations: undefined,
      path: ["f"],
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    });
    assert.equal(leaks.length, 1);
  });

  it("passes GraphQL validation codes and deliberate documented codes through", () => {
    const validation = new GraphQLError("Unknown argument", { extensions: { code: "GRAPHQL_VALIDATION_FAILED" } });
    assert.equal(formatGraphQLError(validation.toJSON(), validation).extensions?.code, "GRAPHQL_VALIDATION_FAILED");
    const deliberate = new GraphQLError("No job", { extensions: { code: "NOT_FOUND" } });
    assert.equal(formatGraphQLError(deliberate.toJSON(), deliberate).extensions?.code, "NOT_FOUND");
    const invented = new GraphQLError("x", { extensions: { code: "SOMETHING_ELSE" } });
    assert.equal(formatGraphQLError(invented.toJSON(), invented).extensions?.code, "INTERNAL_SERVER_ERROR");
    const own = new GraphQLError("jammed", { extensions: { code: WidgetErrorCode.WidgetJammed } });
    const serviceCodes = new Set<string>(Object.values(WidgetErrorCode));
    const formatted = formatGraphQLError(own.toJSON(), own, undefined, serviceCodes);
    assert.equal(formatted.extensions?.code, "WIDGET_JAMMED", "the service's own code");
  });

  it("answers SERVICE_UNAVAILABLE, in its own words, for each way a database connection fails (and reports it)", () => {
    const sqlState = (code: string, message: string) => Object.assign(new Error(message), { code, query: "SELECT secret FROM t" });
    const queryFailed = (driverError: Error) => Object.assign(new Error(driverError.message), { name: "QueryFailedError", driverError });
    const failures = [
      sqlState("57P01", "terminating connection due to administrator command"),
      sqlState("57P02", "terminating connection due to crash of another server process"),
      sqlState("57P03", "the database system is starting up"),
      sqlState("08006", "connection failure"),
      sqlState("08001", "could not connect"),
      sqlState("53300", "sorry, too many clients already"),
      queryFailed(sqlState("57P01", "terminating connection due to administrator command")),
      queryFailed(new Error("Connection terminated unexpectedly")),
      new Error("timeout exceeded when trying to connect"),
      new Error("Connection terminated due to connection timeout", { cause: new Error("x") }),
      Object.assign(new AggregateError([Object.assign(new Error("connect ECONNREFUSED ::1:5432"), { code: "ECONNREFUSED" })], "")),
      Object.assign(new Error("connect ECONNREFUSED 10.0.0.5:5432"), { code: "ECONNREFUSED" }),
      Object.assign(new Error("Cannot execute operation because connection is not yet established."), {
        name: "CannotExecuteNotConnectedError",
      }),
      new Error("wrapped", { cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }) }),
    ];
    for (const failure of failures) {
      const reported: unknown[] = [];
      const out = formatGraphQLError(wrap(failure).toJSON(), wrap(failure), (e) => reported.push(e));
      assert.deepEqual([out.message, out.extensions], [UNAVAILABLE_MESSAGE, { code: "SERVICE_UNAVAILABLE" }], failure.message);
      assert.equal(reported.length, 1, "the service log still hears of it");
    }
  });

  it("keeps other database errors INTERNAL_SERVER_ERROR", () => {
    for (const code of ["23505", "42P01", "22P02", "40001", "0A000"]) {
      const err = wrap(Object.assign(new Error("relation does not exist"), { code }));
      assert.equal(formatGraphQLError(err.toJSON(), err).extensions?.code, "INTERNAL_SERVER_ERROR", code);
    }
  });

  it("lets an AppError's own code win over a connectivity cause", () => {
    const cause = Object.assign(new Error("x"), { code: "ECONNREFUSED" });
    const err = wrap(new AppError(WidgetErrorCode.SupplierDown, "supplier down", undefined, { cause }));
    assert.equal(formatGraphQLError(err.toJSON(), err).extensions?.code, "SUPPLIER_DOWN");
  });
});

import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { initTracing, withSpan, type Tracing } from "@prelabel/observability";
import { createLogger, REDACTED } from "./logger.js";

/** A pino destination collecting the JSON lines written. */
function capture(): { lines: () => Record<string, unknown>[]; stream: Writable } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join("")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe("createLogger: structured JSON with trace ids and no secrets", () => {
  let tracing: Tracing;
  before(() => (tracing = initTracing({ serviceName: "logger-spec" })));
  after(() => tracing.shutdown());

  it("redacts authorization headers, the identity assertion, tokens, API keys, passwords and credentials", () => {
    const out = capture();
    const logger = createLogger("logger-spec", "info", out.stream);
    logger.info(
      {
        authorization: "Bearer plk_0123456789abcdef_secret",
        req: { headers: { authorization: "Bearer abc", "x-prelabel-identity": "payload.signature", host: "gateway" } },
        headers: { Authorization: "Bearer def", "proxy-authorization": "Basic x", cookie: "s=1" },
        "x-prelabel-identity": "payload.signature",
        input: { token: "hf_abcdefghijkl", apiKey: "rf-key", name: "kept" },
        variables: { input: { password: "hunter2", credentials: { user: "u", pass: "p" } } },
        hub: { api_key: "k", accessToken: "t", secret: "s" },
        IDENTITY_PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----",
      },
      "request",
    );
    const [line] = out.lines();
    const text = JSON.stringify(line);
    for (const secret of [
      "plk_0123456789abcdef_secret",
      "Bearer",
      "payload.signature",
      "hf_abcdefghijkl",
      "rf-key",
      "hunter2",
      "Basic x",
      "BEGIN PRIVATE KEY",
    ]) {
      assert.ok(!text.includes(secret), `${secret} leaked: ${text}`);
    }
    const l = line as any;
    assert.equal(l.authorization, REDACTED);
    assert.equal(REDACTED, "[Redacted]");
    assert.equal(l.req.headers.authorization, REDACTED);
    assert.equal(l.req.headers["x-prelabel-identity"], REDACTED);
    assert.equal(l.req.headers.host, "gateway");
    assert.equal(l.headers.Authorization, REDACTED);
    assert.equal(l["x-prelabel-identity"], REDACTED);
    assert.equal(l.input.token, REDACTED);
    assert.equal(l.input.apiKey, REDACTED);
    assert.equal(l.input.name, "kept");
    assert.equal(l.variables.input.password, REDACTED);
    assert.equal(l.variables.input.credentials, REDACTED);
    assert.equal(l.hub.api_key, REDACTED);
    assert.equal(l.IDENTITY_PRIVATE_KEY, REDACTED);
  });

  it("adds trace_id and span_id of the active span, and none outside a span", async () => {
    const out = capture();
    const logger = createLogger("logger-spec", "info", out.stream);
    let ids: { traceId: string; spanId: string } | undefined;
    await withSpan("work", {}, async (span) => {
      ids = span.spanContext();
      await new Promise((r) => setImmediate(r));
      logger.info("inside");
    });
    logger.info("outside");
    const [inside, outside] = out.lines();
    assert.equal(inside.trace_id, ids!.traceId);
    assert.equal(inside.span_id, ids!.spanId);
    assert.equal(outside.trace_id, undefined);
    assert.equal(outside.span_id, undefined);
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NatsNamespace } from "./namespace.js";

describe("NatsNamespace", () => {
  it("without a prefix, every name is left as it is (production)", () => {
    const ns = new NatsNamespace();
    const names = [ns.prefix, ns.subject("cmd.x.v1"), ns.stream("SOME_STREAM"), ns.bucket("some-bucket")];
    assert.deepEqual(names, ["", "cmd.x.v1", "SOME_STREAM", "some-bucket"]);
  });

  it("prefixes subjects with `x.`, streams with `X_` (dashes as underscores) and buckets with `x-`", () => {
    const ns = new NatsNamespace("blue-2");
    assert.equal(ns.subject("evt.task.>"), "blue-2.evt.task.>");
    assert.equal(ns.stream("TASK_EVT"), "BLUE_2_TASK_EVT");
    assert.equal(ns.bucket("job-control"), "blue-2-job-control");
  });

  it("takes only lowercase letters, digits and dashes, not starting with a dash", () => {
    for (const ok of ["a", "t-lq3x-1a2b3c", "0x"]) assert.equal(new NatsNamespace(ok).prefix, ok);
    for (const bad of ["Blue", "a.b", "a_b", "-a", "a b", "a*", "a>"]) {
      assert.throws(() => new NatsNamespace(bad), /lowercase letters, digits and dashes/, bad);
    }
  });
});

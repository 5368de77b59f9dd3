import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { openArtifactSession, openModelSessions } from "./artifact-sessions.js";
import type { ModelLoadContext } from "./model-catalog-entry.js";
import type { ModelSession } from "./model-session.js";

function context(names: Record<string, { inputs: string[]; outputs: string[] }>, failing: string[] = []) {
  const opened: string[] = [];
  const released: string[] = [];
  const ctx: ModelLoadContext = {
    sessionOptions: { intraOpNumThreads: 2 },
    artifactPath: async (name) => `/models/${name}.onnx`,
    createSession: async (path): Promise<ModelSession> => {
      const name = path.replace(/^\/models\/|\.onnx$/g, "");
      await new Promise((r) => setTimeout(r, 2));
      if (failing.includes(name)) throw new Error(`cannot open ${name}`);
      opened.push(name);
      return {
        inputNames: names[name]?.inputs ?? [],
        outputNames: names[name]?.outputs ?? [],
        run: async () => ({}),
        release: async () => void released.push(name),
      };
    },
  };
  return { ctx, opened, released };
}

describe("openArtifactSession", () => {
  it("opens an artifact once per context and releases it when its last holder lets go", async () => {
    const { ctx, opened, released } = context({});
    const [a, b] = await Promise.all([openArtifactSession(ctx, "centernet"), openArtifactSession(ctx, "centernet")]);
    assert.equal(a.session, b.session);
    assert.deepEqual(opened, ["centernet"]);
    await a.release();
    await a.release(); // idempotent per holder
    assert.deepEqual(released, []);
    await b.release();
    assert.deepEqual(released, ["centernet"]);
    const c = await openArtifactSession(ctx, "centernet");
    assert.notEqual(c.session, a.session, "reopened after the last release");
    assert.deepEqual(opened, ["centernet", "centernet"]);
  });

  it("never shares between contexts (catalogs)", async () => {
    const one = context({});
    const two = context({});
    const a = await openArtifactSession(one.ctx, "x");
    const b = await openArtifactSession(two.ctx, "x");
    assert.notEqual(a.session, b.session);
  });

  it("forgets a failed open so the next attempt retries", async () => {
    const failing = ["bad"];
    const { ctx } = context({}, failing);
    await assert.rejects(openArtifactSession(ctx, "bad"), /cannot open bad/);
    failing.length = 0;
    assert.ok((await openArtifactSession(ctx, "bad")).session);
  });
});

describe("openModelSessions", () => {
  it("checks every artifact's tensor names and releases everything on a mismatch", async () => {
    const { ctx, released } = context({ a: { inputs: ["in"], outputs: ["out"] }, b: { inputs: ["x"], outputs: ["y"] } });
    await assert.rejects(
      openModelSessions(ctx, { a: { inputs: ["in"], outputs: ["out"] }, b: { inputs: ["x"], outputs: ["y", "z"] } }),
      /artifact b lacks output z; it has inputs \[x\] and outputs \[y\]/,
    );
    assert.deepEqual(released.sort(), ["a", "b"]);
  });

  it("releases the opened artifacts when another fails to open", async () => {
    const { ctx, released } = context({ a: { inputs: [], outputs: [] } }, ["b"]);
    await assert.rejects(openModelSessions(ctx, { a: { inputs: [], outputs: [] }, b: { inputs: [], outputs: [] } }), /cannot open b/);
    assert.deepEqual(released, ["a"]);
  });
});

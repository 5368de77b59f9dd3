import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { addNuclioInputProblems, NUCLIO_REGISTRATION_LIMITS } from "./nuclio-registration.js";

describe("addNuclioFunction input", () => {
  const ok = { url: "http://gpu-box:32768", hasFunctionYaml: true };

  it("accepts a URL with a function.yaml, or with a spec and a name", () => {
    assert.deepEqual(addNuclioInputProblems(ok), []);
    assert.deepEqual(addNuclioInputProblems({ url: "https://f.example.com/", hasFunctionYaml: false, spec: "[]", name: "Mine" }), []);
  });

  it("names every problem at once", () => {
    const problems = addNuclioInputProblems({ url: "ftp://x", hasFunctionYaml: false, spec: "[]", name: " ", defaultThreshold: 0 });
    assert.deepEqual(problems, [
      "url must be an http(s) URL",
      "name is required with spec (a function.yaml names itself)",
      "name must not be empty when given",
      "defaultThreshold 0 must be in (0, 1]",
    ]);
  });

  it("wants exactly one of functionYaml and spec", () => {
    assert.deepEqual(addNuclioInputProblems({ url: ok.url, hasFunctionYaml: false }), ["give exactly one of functionYaml and spec"]);
    assert.deepEqual(addNuclioInputProblems({ ...ok, spec: "[]", name: "n" }), ["give exactly one of functionYaml and spec"]);
  });

  it("bounds the URL, the name and the spec", () => {
    assert.deepEqual(addNuclioInputProblems({ ...ok, url: "" }), ["url must not be empty"]);
    assert.match(addNuclioInputProblems({ ...ok, url: `http://h/${"a".repeat(3000)}` })[0], /at most 2048/);
    assert.match(addNuclioInputProblems({ ...ok, name: "n".repeat(201) })[0], /at most 200/);
    const big = "x".repeat(NUCLIO_REGISTRATION_LIMITS.maxConfigBytes + 1);
    assert.deepEqual(addNuclioInputProblems({ url: ok.url, hasFunctionYaml: false, spec: big, name: "n" }), [
      `spec must be at most ${NUCLIO_REGISTRATION_LIMITS.maxConfigBytes} bytes`,
    ]);
  });
});

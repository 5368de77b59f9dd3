import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { readDockerfile, imageTitle } from "./dockerfile.js";
import { DEPLOYABLES, loadEnvSchema, mainEntry, repoPath, schemaDefault } from "./repo.js";

describe("Dockerfiles", () => {
  for (const d of DEPLOYABLES) {
    describe(`${d.dir}/Dockerfile`, () => {
      const facts = readDockerfile(d);

      it("parses and lints clean (dockerfile-utils)", () => {
        assert.deepEqual(facts.problems, []);
      });

      it("is multi-stage on node:20-bookworm-slim: a builder running npm ci and npm run build, then a runtime stage", () => {
        assert.ok(facts.stages.length >= 2, "at least two stages");
        for (const s of facts.stages) assert.equal(s.image, "node:20-bookworm-slim");
        assert.ok(facts.runtime.some((i) => i.keyword === "COPY" && /--from=builder/.test(i.raw)), "runtime copies from the builder");
      });

      it("builds in the builder: npm ci, npm run build (models included), npm prune --omit=dev", () => {
        const text = readFileSync(repoPath(facts.path), "utf8");
        assert.match(text, /RUN[^\n]*npm ci/);
        assert.match(text, /RUN npm run build/);
        assert.match(text, /npm prune --omit=dev/);
      });

      it("runs as a numeric non-root USER", () => {
        assert.ok(facts.user, "USER in the runtime stage");
        const [uid] = facts.user.split(":");
        assert.match(uid, /^\d+$/, "numeric uid (runAsNonRoot can only verify numbers)");
        assert.notEqual(Number(uid), 0);
      });

      it("has no HEALTHCHECK (Kubernetes probes own health)", () => {
        assert.equal(facts.healthcheck, false);
      });

      it("starts the project's package.json main in exec form, and that file is built", () => {
        const main = mainEntry(d);
        assert.deepEqual(facts.cmd, ["node", main]);
        assert.ok(existsSync(repoPath(main)), `${main} exists after npm run build`);
      });

      it("EXPOSEs exactly the PORT default of the service's config schema", () => {
        const port = schemaDefault(loadEnvSchema(d), "PORT");
        assert.equal(typeof port, "number");
        assert.deepEqual(facts.exposed, [String(port)]);
      });

      it("names its image prelabel/<deployable> in the title label", () => {
        assert.equal(imageTitle(facts), `prelabel/${d.name}`);
      });
    });
  }

  it("the worker image carries the built model catalog", () => {
    const text = readFileSync(repoPath("services/inference-worker/Dockerfile"), "utf8");
    assert.match(text, /services\/inference-worker\/models\/build/);
  });

  it("the gateway image carries the committed supergraph", () => {
    assert.match(readFileSync(repoPath("gateway/Dockerfile"), "utf8"), /gateway\/supergraph\.graphql/);
  });

  it(".dockerignore keeps host builds and node_modules out of the context", () => {
    const lines = readFileSync(repoPath(".dockerignore"), "utf8").split("\n").map((l) => l.trim());
    for (const entry of ["**/node_modules", "**/dist", ".git"]) assert.ok(lines.includes(entry), `.dockerignore lists ${entry}`);
  });
});

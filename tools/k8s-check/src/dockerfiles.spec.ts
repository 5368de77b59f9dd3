import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { imageTitle, readDockerfile, readTemplate } from "./dockerfile.js";
import { assetsOf, BAKE_FILE, bakeTargetOf, readBakeFile, targetRepositories, TEMPLATE } from "./image-builds.js";
import { DEPLOYABLES, loadEnvSchema, mainEntry, repoPath, schemaDefault } from "./repo.js";

const BASE_IMAGE = "node:20-bookworm-slim";

describe(`the image template (${TEMPLATE})`, () => {
  const facts = readTemplate();
  const text = readFileSync(repoPath(TEMPLATE), "utf8");

  it("parses and lints clean (dockerfile-utils)", () => {
    assert.deepEqual(facts.problems, []);
  });

  it(`is multi-stage on the pinned ${BASE_IMAGE}: builder, bundle (from the builder), runtime`, () => {
    assert.deepEqual(
      facts.stages.map((s) => s.name),
      ["builder", "bundle", "runtime"],
    );
    const names = new Set<string>();
    for (const s of facts.stages) {
      assert.ok(s.image === BASE_IMAGE || names.has(s.image), `FROM ${s.image}: the pinned base or an earlier stage`);
      if (s.name) names.add(s.name);
    }
    assert.ok(
      facts.runtime.some((i) => i.keyword === "COPY" && /--from=bundle/.test(i.raw)),
      "runtime copies the bundle",
    );
  });

  it("the builder takes no build argument, so one cached builder serves every image", () => {
    assert.deepEqual(facts.globalArgs, []);
    assert.deepEqual([...facts.stages[0].args.keys()], []);
  });

  it("builds in the builder: npm ci, npm run build (models included), npm prune --omit=dev", () => {
    const builder = text.split(/^FROM .* AS bundle$/m)[0];
    assert.match(builder, /RUN[^\n]*npm ci/);
    assert.match(builder, /RUN npm run build/);
    assert.match(builder, /npm prune --omit=dev/);
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

  it("starts `node deployable` in exec form, deployable being the bundle's link to PROJECT (its package.json main runs)", () => {
    assert.deepEqual(facts.cmd, ["node", "deployable"]);
    assert.match(text, /ln -s "\$\{PROJECT\}" \/out\/deployable/);
  });

  it("no project keeps a Dockerfile of its own", () => {
    for (const d of DEPLOYABLES) assert.equal(existsSync(repoPath(d.dir, "Dockerfile")), false, `${d.dir}/Dockerfile`);
  });

  it(".dockerignore keeps host builds and node_modules out of the context", () => {
    const lines = readFileSync(repoPath(".dockerignore"), "utf8")
      .split("\n")
      .map((l) => l.trim());
    for (const entry of ["**/node_modules", "**/dist", ".git"]) assert.ok(lines.includes(entry), `.dockerignore lists ${entry}`);
  });
});

describe(`the image builds (${BAKE_FILE}): one target per deployable`, () => {
  const bake = readBakeFile();
  const templateArgs = new Map(readTemplate().stages.flatMap((s) => [...s.args]));

  it("has a target for every deployable and no other; `docker buildx bake` builds them all", () => {
    const names = DEPLOYABLES.map((d) => d.name).sort();
    assert.deepEqual([...bake.targets.keys()].sort(), names);
    assert.deepEqual([...bake.defaultGroup].sort(), names);
  });

  for (const d of DEPLOYABLES) {
    describe(`${d.name} (docker buildx bake ${d.name})`, () => {
      const target = bakeTargetOf(d, bake);
      const facts = readDockerfile(d);

      it(`builds ${TEMPLATE} from the repository root for PROJECT=${d.dir}`, () => {
        assert.equal(target.dockerfile, TEMPLATE);
        assert.equal(target.context, ".");
        assert.equal(target.args.PROJECT, d.dir);
        assert.equal(target.args.NAME, d.name);
      });

      it("passes only arguments the template declares, and every one it declares without a default", () => {
        for (const name of Object.keys(target.args)) assert.ok(templateArgs.has(name), `${name} is an ARG of ${TEMPLATE}`);
        for (const [name, fallback] of templateArgs) if (fallback === undefined) assert.ok(target.args[name], `${name} is passed`);
      });

      it(`tags prelabel/${d.name}, as the image's title label says`, () => {
        assert.deepEqual(targetRepositories(target), [`prelabel/${d.name}`]);
        assert.equal(imageTitle(facts), `prelabel/${d.name}`);
      });

      it("`node deployable` starts the project's package.json main, and that file is built", () => {
        const main = mainEntry(d);
        assert.ok(existsSync(repoPath(main)), `${main} exists after npm run build`);
      });

      it("EXPOSEs exactly the PORT default of the service's config schema", () => {
        const port = schemaDefault(loadEnvSchema(d), "PORT");
        assert.equal(typeof port, "number");
        assert.deepEqual(facts.exposed, [String(port)]);
      });

      it("every ASSETS path it copies beside dist exists after npm run build", () => {
        for (const asset of assetsOf(target)) assert.ok(existsSync(repoPath(d.dir, asset)), `${d.dir}/${asset}`);
      });
    });
  }

  it("the worker image carries the built model catalog; the gateway image the committed supergraph", () => {
    assert.deepEqual(assetsOf(bake.targets.get("inference-worker")!), ["models/build"]);
    assert.deepEqual(assetsOf(bake.targets.get("gateway")!), ["supergraph.graphql"]);
  });
});

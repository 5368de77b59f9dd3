import assert from "node:assert/strict";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { createTestDatabase, createTestNats, GraphQLTestClient, REPO_ROOT, type TestDatabase, type TestNats } from "@prelabel/testing";
import { waitFor, type Output } from "./dev-stack.output.js";

const run = promisify(execFile);
const MAIN = join(REPO_ROOT, "tools", "dev-stack", "dist", "src", "main.js");
/** Six processes starting on a loaded 2-core machine. */
const STARTUP_TIMEOUT_MS = 300_000;
const VIEWER = /* GraphQL */ `
  {
    deploymentMode
    viewer {
      tenant {
        name
      }
      roles
    }
  }
`;

/**
 * `PRELABEL_MODE=cloud npm start` as a user runs it: the real dev stack process, with no key material configured,
 * on its own database, NATS namespace, ports and data directory.
 */
describe("the dev stack in cloud mode (node tools/dev-stack/dist/src/main.js)", () => {
  let db: TestDatabase;
  let nats: TestNats;
  let dataDir: string;
  let child: ChildProcess;
  const output: Output = { text: "" };
  let exited: Promise<number | null>;
  let gatewayUrl: string;
  let autoKey: string;

  before(async () => {
    db = await createTestDatabase();
    nats = await createTestNats();
    dataDir = mkdtempSync(join(tmpdir(), "prelabel-dev-stack-"));
    child = spawn(process.execPath, [MAIN, "--data-dir", dataDir, "--create-tenant", "Started with the stack"], {
      cwd: REPO_ROOT,
      // Only what a user would set: no keys, no key ring. PORT=0: every process on a free port.
      env: {
        PATH: process.env.PATH ?? "",
        PRELABEL_MODE: "cloud",
        DATABASE_URL: db.url,
        NATS_URL: nats.url,
        NATS_NAMESPACE: nats.namespace,
        PORT: "0",
        // Documented in docs/operations.md; observable at the gateway (a revoked key is refused at once).
        AUTH_CACHE_TTL_MS: "0",
      },
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group, so a stuck stack and its services can be killed together (after()).
      detached: true,
    });
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output.text += chunk));
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output.text += chunk));
    exited = new Promise((resolve) =>
      child.once("exit", (code, signal) => {
        output.exited = signal ? `signal ${signal}` : `exit code ${code}`;
        resolve(code);
      }),
    );
    const [, key] = await waitFor(output, child, /its ADMIN key, shown once: (plk_\S+)\n/, STARTUP_TIMEOUT_MS);
    autoKey = key!;
    gatewayUrl = output.text.match(/Prelabel is up: (http:\/\/\S+\/graphql)/)![1]!;
  });

  after(async () => {
    if (child && output.exited === undefined) {
      process.kill(-child.pid!, "SIGTERM");
      const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 30_000);
      await exited;
      clearTimeout(timer);
    }
    await nats?.cleanup().catch(() => undefined);
    await db?.drop().catch(() => undefined);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(gatewayUrl, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

  it("says which variables it passed on and which it generated for the run, by name", () => {
    assert.match(output.text, /Passed on from your environment \(names only\):\n(\s+\S+ → .+\n)*\s+PRELABEL_MODE → every process\n/);
    assert.match(output.text, /^\s+AUTH_CACHE_TTL_MS → gateway$/m);
    assert.match(output.text, /Generated for this run \(ephemeral/);
    assert.match(output.text, /^\s+IDENTITY_PRIVATE_KEY → gateway: /m);
    assert.match(output.text, /^\s+IDENTITY_PUBLIC_KEY → task, model-registry, annotation-job, identity: /m);
    assert.match(output.text, /^\s+PRELABEL_SECRET_KEYS → model-registry, inference-worker: /m);
    assert.doesNotMatch(
      output.text,
      /^\s+(DATABASE_URL|NATS_URL|NATS_NAMESPACE|PORT) → /m,
      "the stack's own variables are not passed on as they are",
    );
  });

  it("refuses a request without a key: 401 UNAUTHENTICATED", async () => {
    const res = await post({ query: VIEWER });
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code, "UNAUTHENTICATED");
  });

  it("answers deploymentMode CLOUD to a key from the create-tenant command it printed, run as printed", async () => {
    const command = output.text
      .split("\n")
      .find((l) => l.includes("create-tenant.cli.js --name"))
      ?.trim();
    assert.ok(command, "no create-tenant command in the output");
    assert.match(
      command,
      /^DATABASE_URL='postgres:\/\/\S+' node services\/identity\/dist\/src\/cli\/create-tenant\.cli\.js --name 'acme'$/,
    );
    const { stdout } = await run("bash", ["-c", command], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? "" } });
    const created = JSON.parse(stdout) as { tenantName: string; apiKey: string };
    const client = new GraphQLTestClient(gatewayUrl, { apiKey: created.apiKey });
    try {
      assert.deepEqual(await client.must(VIEWER), { deploymentMode: "CLOUD", viewer: { tenant: { name: "acme" }, roles: ["ADMIN"] } });
    } finally {
      await client.close();
    }
  });

  it("--create-tenant created a tenant at start-up whose key works", async () => {
    const client = new GraphQLTestClient(gatewayUrl, { apiKey: autoKey });
    try {
      assert.deepEqual(await client.must(VIEWER), {
        deploymentMode: "CLOUD",
        viewer: { tenant: { name: "Started with the stack" }, roles: ["ADMIN"] },
      });
    } finally {
      await client.close();
    }
  });

  it("AUTH_CACHE_TTL_MS reached the gateway: a revoked key is refused at once (the default caches it for 30 s)", async () => {
    const admin = new GraphQLTestClient(gatewayUrl, { apiKey: autoKey });
    try {
      const { createApiKey } = await admin.must(
        `mutation { createApiKey(input: { name: "short-lived", role: MEMBER }) { key apiKey { id } } }`,
      );
      const member = { authorization: `Bearer ${createApiKey.key}` };
      assert.equal((await post({ query: VIEWER }, member)).status, 200, "accepted (and cached, were there a cache)");
      await admin.must(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: createApiKey.apiKey.id });
      const refused = await post({ query: VIEWER }, member);
      assert.equal(refused.status, 401);
      assert.equal(((await refused.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code, "UNAUTHENTICATED");
    } finally {
      await admin.close();
    }
  });

  it("stops every process it started on SIGTERM and exits 0", async () => {
    const pids = [...output.text.matchAll(/^started \S+ \(pid (\d+), port \d+\)$/gm)].map((m) => Number(m[1]));
    assert.equal(pids.length, 6, "gateway, four subgraphs and one worker");
    child.kill("SIGTERM");
    assert.equal(await exited, 0);
    const alive = pids.filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    assert.deepEqual(alive, []);
  });
});

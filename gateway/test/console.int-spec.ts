import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createLogger } from "@prelabel/service-kit";
import { createGateway, type Gateway } from "../src/server.js";

const repoRoot = join(__dirname, "..", "..", "..");
const logger = createLogger("gateway-test", "silent");
// Only the gateway's own fields are asked for: no subgraph needs to run (their URLs point nowhere).
const supergraphSdl = readFileSync(join(repoRoot, "gateway", "supergraph.graphql"), "utf8");
const nowhere = { task: undefined, "model-registry": undefined, "annotation-job": undefined, identity: undefined };

const INDEX_HTML = '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head></html>\n';
const ASSET_JS = 'console.log("console bundle");\n';

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A request with the path sent exactly as written (fetch would normalise `..` away before sending). */
function rawGet(port: number, path: string, headers: Record<string, string> = {}, method = "GET"): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

const PAGE = { accept: "text/html,application/xhtml+xml,*/*;q=0.8" };

describe("gateway serving the web console at / (CONSOLE_DIR)", () => {
  let dir: string;
  let gateway: Gateway;
  let port: number;

  before(async () => {
    // A stand-in for console/dist: the bytes served must be these, whatever the real bundle holds today.
    dir = mkdtempSync(join(tmpdir(), "prelabel-console-"));
    mkdirSync(join(dir, "assets"));
    writeFileSync(join(dir, "index.html"), INDEX_HTML);
    writeFileSync(join(dir, "assets", "index-abc123.js"), ASSET_JS);
    writeFileSync(join(dir, "assets", "index-abc123.css"), "body{margin:0}\n");
    gateway = await createGateway({ supergraphSdl, subgraphUrls: nowhere, logger, maxUploadBytes: 1024, consoleDir: dir });
    ({ port } = await gateway.listen(0, "127.0.0.1"));
  });

  after(async () => {
    await gateway?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("/ is index.html, not cached, with a strict Content-Security-Policy", async () => {
    const res = await rawGet(port, "/", PAGE);
    assert.equal(res.status, 200);
    assert.equal(res.body, INDEX_HTML);
    assert.match(res.headers["content-type"] ?? "", /^text\/html/);
    assert.equal(res.headers["cache-control"], "no-cache");
    const csp = (res.headers["content-security-policy"] as string).split("; ");
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' blob: data:",
      `connect-src 'self' ws://127.0.0.1:${port} wss://127.0.0.1:${port}`,
      "object-src 'none'",
      "base-uri 'self'",
      "frame-ancestors 'none'",
    ])
      assert.ok(csp.includes(directive), `${directive} in ${csp.join("; ")}`);
    assert.ok(!csp.some((d) => d.includes("unsafe-inline") || d.includes("unsafe-eval")), "nothing inline or eval'd");
    // Without an Accept header too (curl): / is the console.
    assert.equal((await rawGet(port, "/")).body, INDEX_HTML);
  });

  it("an asset is served with its content type and cached for good", async () => {
    const js = await rawGet(port, "/assets/index-abc123.js");
    assert.equal(js.status, 200);
    assert.equal(js.body, ASSET_JS);
    assert.equal(js.headers["content-type"], "text/javascript; charset=utf-8");
    assert.equal(js.headers["cache-control"], "public, max-age=31536000, immutable");
    assert.equal(js.headers["x-content-type-options"], "nosniff");
    const css = await rawGet(port, "/assets/index-abc123.css");
    assert.equal(css.headers["content-type"], "text/css; charset=utf-8");
    const head = await rawGet(port, "/assets/index-abc123.js", {}, "HEAD");
    assert.equal(head.status, 200);
    assert.equal(head.headers["content-length"], String(Buffer.byteLength(ASSET_JS)));
    assert.equal(head.body, "");
  });

  it("a missing asset is a 404, not the app", async () => {
    const res = await rawGet(port, "/assets/gone-000.js", PAGE);
    assert.equal(res.status, 404);
    assert.notEqual(res.body, INDEX_HTML);
  });

  it("a client route falls back to index.html for page requests only", async () => {
    for (const path of ["/tasks/42", "/models", "/tasks/42?tab=jobs"]) {
      const res = await rawGet(port, path, PAGE);
      assert.equal(res.status, 200, path);
      assert.equal(res.body, INDEX_HTML, path);
      assert.equal(res.headers["cache-control"], "no-cache", path);
    }
    // A script or an API client asking for JSON gets no HTML in its place.
    const json = await rawGet(port, "/tasks/42", { accept: "application/json" });
    assert.notEqual(json.body, INDEX_HTML);
    const post = await rawGet(port, "/tasks/42", PAGE, "POST");
    assert.notEqual(post.body, INDEX_HTML);
  });

  it("/graphql still answers GraphQL, and GraphiQL without the console's policy", async () => {
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { data: { __typename: "Query" } });
    const graphiql = await rawGet(port, "/graphql", PAGE);
    assert.equal(graphiql.status, 200);
    assert.match(graphiql.body, /<title>Prelabel<\/title>/);
    assert.notEqual(graphiql.body, INDEX_HTML);
    // GraphiQL's page is one inline bundle: the console's policy would break it.
    assert.equal(graphiql.headers["content-security-policy"], undefined);
  });

  it("the probes and /metrics stay the gateway's", async () => {
    assert.deepEqual(JSON.parse((await rawGet(port, "/healthz", PAGE)).body), { status: "ok" });
    const metrics = await rawGet(port, "/metrics", PAGE);
    assert.match(metrics.headers["content-type"] ?? "", /^text\/plain/);
  });

  it("path traversal is refused, plain or encoded", async () => {
    for (const path of [
      "/assets/../../package.json",
      "/assets/../index.html",
      "/../package.json",
      "/assets/%2e%2e/%2e%2e/package.json",
      "/assets/%2E%2E%2F%2E%2E%2Fpackage.json",
      "/assets/..%2f..%2fpackage.json",
      "/assets/..%5c..%5cpackage.json",
      "/assets/%252e%252e/package.json",
      "/assets/index-abc123.js%00.png",
      "/%E0%A4%A",
    ]) {
      const res = await rawGet(port, path, PAGE);
      assert.ok(res.status === 400 || res.status === 404, `${path}: ${res.status}`);
      assert.ok(!res.body.includes('"workspaces"') && !res.body.includes("@prelabel"), `${path} leaked a file`);
    }
  });
});

describe("gateway without a built console", () => {
  it("GET / says so in one line; /graphql goes on", async () => {
    const missing = join(tmpdir(), "prelabel-console-missing-dir");
    const gateway = await createGateway({ supergraphSdl, subgraphUrls: nowhere, logger, maxUploadBytes: 1024, consoleDir: missing });
    try {
      const { port } = await gateway.listen(0, "127.0.0.1");
      const res = await rawGet(port, "/", PAGE);
      assert.equal(res.status, 404);
      assert.match(res.body, /^The web console is not built here: run `npm run build` \(or set CONSOLE_DIR\).*\n$/);
      assert.equal(res.body.trim().split("\n").length, 1);
      const graphiql = await rawGet(port, "/graphql", PAGE);
      assert.equal(graphiql.status, 200);
    } finally {
      await gateway.close();
    }
  });
});

import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
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
  bytes: Buffer;
}

/** A request with the path sent exactly as written (fetch would normalise `..` away before sending). */
function rawGet(port: number, path: string, headers: Record<string, string> = {}, method = "GET"): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: bytes.toString("utf8"), bytes });
      });
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

describe("gateway serving the console's precompressed siblings", () => {
  // Large enough to compress, and different per file so a mixed-up sibling shows.
  const BUNDLE = Buffer.from(`export const frames = [${Array.from({ length: 400 }, (_, i) => i).join(",")}];\n`.repeat(8));
  const PAGE_HTML = Buffer.from(
    `<!doctype html><html><head><title>Prelabel</title></head><body>${"<div></div>".repeat(200)}</body></html>\n`,
  );
  const STYLE = Buffer.from(".grid{display:grid}\n".repeat(100));
  const LOGO = Buffer.alloc(2048, 9);
  let dir: string;
  let gateway: Gateway;
  let port: number;

  /** Writes `file` and its siblings as the console's build does: brotli and gzip of the same bytes, after it. */
  function writeWithSiblings(path: string, bytes: Buffer, siblings: ("br" | "gz")[] = ["br", "gz"]): void {
    writeFileSync(path, bytes);
    if (siblings.includes("br")) writeFileSync(`${path}.br`, brotliCompressSync(bytes));
    if (siblings.includes("gz")) writeFileSync(`${path}.gz`, gzipSync(bytes));
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "prelabel-console-compressed-"));
    mkdirSync(join(dir, "assets"));
    writeWithSiblings(join(dir, "index.html"), PAGE_HTML);
    writeWithSiblings(join(dir, "assets", "index-def456.js"), BUNDLE);
    writeWithSiblings(join(dir, "assets", "index-def456.css"), STYLE, ["gz"]);
    // An image is sent as it is, even with a (nonsensical) sibling beside it.
    writeFileSync(join(dir, "assets", "logo-1.png"), LOGO);
    writeFileSync(join(dir, "assets", "logo-1.png.gz"), gzipSync(LOGO));
    // A sibling whose original is gone (a half-cleaned directory): never served.
    writeFileSync(join(dir, "assets", "old-000.js.br"), brotliCompressSync(BUNDLE));
    // A stale sibling (older than its original, which was rebuilt): skipped for the next encoding or the original.
    writeWithSiblings(join(dir, "assets", "rebuilt-1.js"), BUNDLE);
    writeFileSync(join(dir, "assets", "rebuilt-1.js.br"), brotliCompressSync(Buffer.from("stale")));
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(dir, "assets", "rebuilt-1.js.br"), past, past);
    gateway = await createGateway({ supergraphSdl, subgraphUrls: nowhere, logger, maxUploadBytes: 1024, consoleDir: dir });
    ({ port } = await gateway.listen(0, "127.0.0.1"));
  });

  after(async () => {
    await gateway?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The body as the browser sees it, after undoing the Content-Encoding sent. */
  function decoded(res: RawResponse): Buffer {
    const encoding = res.headers["content-encoding"];
    if (encoding === "br") return brotliDecompressSync(res.bytes);
    if (encoding === "gzip") return gunzipSync(res.bytes);
    assert.equal(encoding, undefined, "no other encoding is ever sent");
    return res.bytes;
  }

  it("sends brotli to a browser that accepts it, with the right length, Vary and the same headers otherwise", async () => {
    const res = await rawGet(port, "/assets/index-def456.js", { "accept-encoding": "gzip, deflate, br, zstd" });
    assert.equal(res.status, 200);
    assert.equal(res.headers["content-encoding"], "br");
    assert.equal(res.headers.vary, "Accept-Encoding");
    assert.equal(res.headers["content-length"], String(res.bytes.byteLength));
    assert.ok(res.bytes.byteLength < BUNDLE.byteLength / 2, `${res.bytes.byteLength} bytes sent for ${BUNDLE.byteLength}`);
    assert.deepEqual(decoded(res), BUNDLE);
    assert.equal(res.headers["content-type"], "text/javascript; charset=utf-8");
    assert.equal(res.headers["cache-control"], "public, max-age=31536000, immutable");
    assert.equal(res.headers["x-content-type-options"], "nosniff");
    assert.match(res.headers["content-security-policy"] as string, /^default-src 'self'; script-src 'self';/);
  });

  it("sends gzip when only gzip is accepted, and the original without Accept-Encoding", async () => {
    const gz = await rawGet(port, "/assets/index-def456.js", { "accept-encoding": "gzip" });
    assert.equal(gz.headers["content-encoding"], "gzip");
    assert.equal(gz.headers["content-length"], String(gz.bytes.byteLength));
    assert.deepEqual(decoded(gz), BUNDLE);
    const plain = await rawGet(port, "/assets/index-def456.js");
    assert.equal(plain.headers["content-encoding"], undefined);
    assert.equal(plain.headers.vary, "Accept-Encoding", "the answer still depends on the header");
    assert.equal(plain.headers["content-length"], String(BUNDLE.byteLength));
    assert.deepEqual(plain.bytes, BUNDLE);
  });

  it("respects q-values: a refused or less wanted encoding is not chosen, identity is the fallback", async () => {
    const cases: [string, string | undefined][] = [
      ["br;q=0.5, gzip;q=0.9", "gzip"],
      ["gzip;q=1, br;q=1", "br"],
      ["br;q=0, gzip;q=0", undefined],
      ["br;q=0, *", "gzip"],
      ["*;q=0.1", "br"],
      ["*;q=0", undefined],
      ["identity", undefined],
      ["deflate, compress", undefined],
      ["x-gzip", "gzip"],
      ["BR", "br"],
      ["gzip;q=abc, br;q=2", undefined],
      ["", undefined],
    ];
    for (const [header, expected] of cases) {
      const res = await rawGet(port, "/assets/index-def456.js", { "accept-encoding": header });
      assert.equal(res.status, 200, header);
      assert.equal(res.headers["content-encoding"], expected, `Accept-Encoding: ${header}`);
      assert.equal(res.headers["content-length"], String(res.bytes.byteLength), header);
      assert.deepEqual(decoded(res), BUNDLE, header);
    }
  });

  it("falls back to the next accepted encoding, then the original, when a sibling is missing", async () => {
    const css = await rawGet(port, "/assets/index-def456.css", { "accept-encoding": "br, gzip" });
    assert.equal(css.headers["content-encoding"], "gzip");
    assert.deepEqual(decoded(css), STYLE);
    const onlyBr = await rawGet(port, "/assets/index-def456.css", { "accept-encoding": "br" });
    assert.equal(onlyBr.headers["content-encoding"], undefined);
    assert.deepEqual(onlyBr.bytes, STYLE);
  });

  it("never sends a stale sibling, an orphan sibling, or a sibling of an incompressible type", async () => {
    const rebuilt = await rawGet(port, "/assets/rebuilt-1.js", { "accept-encoding": "br, gzip" });
    assert.equal(rebuilt.headers["content-encoding"], "gzip", "the older .br is skipped");
    assert.deepEqual(decoded(rebuilt), BUNDLE);
    const orphan = await rawGet(port, "/assets/old-000.js", { "accept-encoding": "br" });
    assert.equal(orphan.status, 404);
    const logo = await rawGet(port, "/assets/logo-1.png", { "accept-encoding": "gzip" });
    assert.equal(logo.headers["content-encoding"], undefined);
    assert.equal(logo.headers.vary, undefined);
    assert.deepEqual(logo.bytes, LOGO);
    // The siblings are not resources of their own.
    for (const path of ["/assets/index-def456.js.br", "/assets/index-def456.js.gz", "/assets/old-000.js.br", "/assets/logo-1.png.gz"]) {
      const res = await rawGet(port, path, { "accept-encoding": "br, gzip" });
      assert.equal(res.status, 404, path);
    }
  });

  it("index.html and the client-route fallback are sent compressed too, with their policy", async () => {
    for (const path of ["/", "/tasks/42"]) {
      const res = await rawGet(port, path, { ...PAGE, "accept-encoding": "gzip, br" });
      assert.equal(res.status, 200, path);
      assert.equal(res.headers["content-encoding"], "br", path);
      assert.equal(res.headers.vary, "Accept-Encoding", path);
      assert.equal(res.headers["content-length"], String(res.bytes.byteLength), path);
      assert.deepEqual(decoded(res), PAGE_HTML, path);
      assert.equal(res.headers["cache-control"], "no-cache", path);
      assert.match(res.headers["content-security-policy"] as string, /frame-ancestors 'none'/, path);
    }
    assert.deepEqual((await rawGet(port, "/", PAGE)).bytes, PAGE_HTML);
  });

  it("HEAD announces the length of the encoding a GET would send", async () => {
    const head = await rawGet(port, "/assets/index-def456.js", { "accept-encoding": "gzip" }, "HEAD");
    const get = await rawGet(port, "/assets/index-def456.js", { "accept-encoding": "gzip" });
    assert.equal(head.headers["content-encoding"], "gzip");
    assert.equal(head.headers["content-length"], String(get.bytes.byteLength));
    assert.equal(head.bytes.byteLength, 0);
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

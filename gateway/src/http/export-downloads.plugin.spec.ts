import assert from "node:assert/strict";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { createLogger } from "@prelabel/service-kit";
import { createHttpServer } from "./http-server.js";
import { useExportDownloads } from "./export-downloads.plugin.js";

const log = createLogger("gateway-test", "silent");
const TOKEN = "eyJ2IjoxfQ.c2ln";

/** A stand-in task service: streams a body in parts as the test releases them, or refuses a token. */
let upstream: Server;
let gateway: Server;
let gatewayUrl: string;
let pending: ServerResponse | undefined;
let upstreamClosed: Promise<void>;
let onUpstreamClosed: () => void;

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );

before(async () => {
  upstream = createServer((req, res) => {
    if (req.url === "/exports/expired.token") {
      res.writeHead(410, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify({ error: { code: "EXPORT_TOKEN_EXPIRED", message: "expired" } }));
      return;
    }
    assert.equal(req.headers["x-prelabel-identity"], undefined);
    res.writeHead(200, { "content-type": "application/zip", "content-disposition": 'attachment; filename="t.zip"', "x-internal": "no" });
    res.write("part 1;");
    pending = res;
    res.once("close", () => onUpstreamClosed());
  });
  const taskUrl = `${await listen(upstream)}/graphql`;
  gateway = createHttpServer([useExportDownloads({ taskUrl, log })], async (_req, res) => void res.writeHead(404).end(), log);
  gatewayUrl = await listen(gateway);
});

after(async () => {
  gateway.closeAllConnections();
  upstream.closeAllConnections();
  await new Promise((r) => gateway.close(r));
  await new Promise((r) => upstream.close(r));
});

describe("gateway /exports/<token>", () => {
  it("streams the task service's answer as it comes, with its download headers only", async () => {
    upstreamClosed = new Promise((r) => (onUpstreamClosed = r));
    const res = await fetch(`${gatewayUrl}/exports/${TOKEN}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/zip");
    assert.equal(res.headers.get("content-disposition"), 'attachment; filename="t.zip"');
    assert.equal(res.headers.get("x-internal"), null);
    const reader = res.body!.getReader();
    // The first part arrives while the upstream has not finished: nothing is buffered whole.
    const first = await reader.read();
    assert.equal(Buffer.from(first.value!).toString(), "part 1;");
    pending!.end("part 2");
    let rest = "";
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += Buffer.from(r.value).toString();
    assert.equal(rest, "part 2");
    await upstreamClosed;
  });

  it("passes a refusal's status and JSON body through", async () => {
    const res = await fetch(`${gatewayUrl}/exports/expired.token`);
    assert.equal(res.status, 410);
    assert.deepEqual(await res.json(), { error: { code: "EXPORT_TOKEN_EXPIRED", message: "expired" } });
  });

  it("stops the upstream download when the client goes away", async () => {
    upstreamClosed = new Promise((r) => (onUpstreamClosed = r));
    const controller = new AbortController();
    const res = await fetch(`${gatewayUrl}/exports/${TOKEN}`, { signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    // The stand-in's response closes without having ended: the gateway cut the upstream request.
    await upstreamClosed;
    assert.equal(pending!.writableFinished, false);
  });

  it("refuses what cannot be a token and other methods without asking the task service", async () => {
    const bad = await fetch(`${gatewayUrl}/exports/..%2Fgraphql`);
    assert.equal(bad.status, 403);
    assert.equal((await bad.json()).error.code, "INVALID_EXPORT_TOKEN");
    const post = await fetch(`${gatewayUrl}/exports/${TOKEN}`, { method: "POST" });
    assert.equal(post.status, 405);
  });

  it("answers 502 with a JSON error when the task service is down", async () => {
    const down = createHttpServer([useExportDownloads({ taskUrl: "http://127.0.0.1:1/graphql", log })], async () => undefined, log);
    const url = await listen(down);
    try {
      const res = await fetch(`${url}/exports/${TOKEN}`);
      assert.equal(res.status, 502);
      assert.equal((await res.json()).error.code, "SERVICE_UNAVAILABLE");
    } finally {
      await new Promise((r) => down.close(r));
    }
  });
});

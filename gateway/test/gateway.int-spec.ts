import "reflect-metadata";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { IDENTITY_HEADER, type Identity } from "@prelabel/identity";
import { createLogger, subgraphAuth, type RunningServer } from "@prelabel/service-kit";
import { GatewayAuth } from "../src/auth/gateway-auth.js";
import {
  createTestDatabase,
  createTestNats,
  identityKeys,
  startDeployable,
  stopProcesses,
  type RunningProcess,
  type TestDatabase,
  type TestNats,
} from "@prelabel/testing";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { composeSupergraph } from "../src/compose.js";
import { createGateway, type Gateway } from "../src/server.js";
import { SUBGRAPHS } from "../src/subgraphs.js";
import {
  annotationJobFixtureSchema,
  fixtureSdl,
  PROGRESS_STEPS,
  startFixtureSubgraph,
  taskFixtureSchema,
  TASK,
} from "./fixtures/fixture-subgraphs.js";

const repoRoot = join(__dirname, "..", "..", "..");
const MAX_UPLOAD_BYTES = 1024 * 1024;
const logger = createLogger("gateway-test", "silent");

/**
 * The fixture's progress steps as a client sees them: the gateway fans a state stream out with latest-value semantics
 * (upstream/shared-subscriptions.ts), so a client reading slower than the steps come may skip one, never the last.
 */
function assertProgressSteps(seen: number[] | undefined): void {
  assert.ok(seen?.length, "at least one event");
  assert.equal(seen.at(-1), 1, "the final state is always delivered");
  let previous = -1;
  for (const step of seen) {
    assert.ok(PROGRESS_STEPS.includes(step) && step > previous, `steps in order, none invented: ${JSON.stringify(seen)}`);
    previous = step;
  }
}

describe("gateway in front of the model-registry subgraph and fixture subgraphs", () => {
  let db: TestDatabase;
  let nats: TestNats;
  // The real model-registry and identity, each its own process as deployed (their build output); fixtures for the rest.
  const services: RunningProcess[] = [];
  let fixtures: RunningServer[] = [];
  let subgraphUrls: Record<"task" | "model-registry" | "annotation-job" | "identity", string>;
  let supergraphSdl: string;
  let gateway: Gateway;
  let url: string;
  let taskReady = true;

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const query = async (q: string, variables?: Record<string, unknown>) => (await post({ query: q, variables })).json();

  before(async () => {
    [db, nats] = await Promise.all([createTestDatabase(), createTestNats()]);
    const env = {
      PATH: process.env.PATH ?? "",
      DATABASE_URL: db.url,
      NATS_URL: nats.url,
      NATS_NAMESPACE: nats.namespace,
      LOG_LEVEL: "info",
    };
    const logDir = mkdtempSync(join(tmpdir(), "prelabel-gateway-int-"));
    const start = async (component: "model-registry" | "identity") => {
      const started = await startDeployable(component, { env, logDir });
      services.push(started);
      return started;
    };
    const [registry, identity] = await Promise.all([start("model-registry"), start("identity")]);
    const [task, job] = (fixtures = await Promise.all([
      startFixtureSubgraph("task", taskFixtureSchema(), logger, async () => taskReady),
      startFixtureSubgraph("annotation-job", annotationJobFixtureSchema("text-detection"), logger),
    ]));
    const urlOf = (p: RunningProcess) => `http://127.0.0.1:${p.port}/graphql`;
    subgraphUrls = { task: task.url, "model-registry": urlOf(registry), "annotation-job": job.url, identity: urlOf(identity) };

    // Compose like the CLI does (default URLs baked in), then point the gateway at the real ports.
    const sdl = {
      task: fixtureSdl("task"),
      "model-registry": readFileSync(join(repoRoot, "services", "model-registry", "schema.graphql"), "utf8"),
      "annotation-job": fixtureSdl("annotation-job"),
      identity: readFileSync(join(repoRoot, "services", "identity", "schema.graphql"), "utf8"),
    };
    supergraphSdl = composeSupergraph(SUBGRAPHS.map((s) => ({ name: s.name, url: s.defaultUrl, sdl: sdl[s.name] }))).supergraphSdl;
    gateway = await createGateway({
      supergraphSdl,
      subgraphUrls,
      logger,
      maxUploadBytes: MAX_UPLOAD_BYTES,
    });
    url = (await gateway.listen(0, "127.0.0.1")).url;
  });

  after(async () => {
    await gateway?.close();
    await Promise.all(fixtures.map((s) => s.close()));
    await stopProcesses(services);
    await db?.drop();
    await nats?.cleanup();
  });

  it("routes to the URLs it was given, not the ones baked into the supergraph", () => {
    assert.match(supergraphSdl, /url: "http:\/\/127\.0\.0\.1:4002\/graphql"/);
    assert.deepEqual(gateway.subgraphUrls, subgraphUrls);
  });

  it("answers a query that spans all three subgraphs", async () => {
    const result = await query(`{
      tasks { id name autoAnnotationJobs { id status model { id name kind defaultThreshold labels { name type } } } }
    }`);
    assert.deepEqual(result, {
      data: {
        tasks: [
          {
            id: TASK.id,
            name: TASK.name,
            autoAnnotationJobs: [
              {
                id: "job-1",
                status: "RUNNING",
                model: {
                  id: "text-detection",
                  name: "Text detection (PP-OCRv4)",
                  kind: "DETECTOR",
                  defaultThreshold: 0.5,
                  labels: [{ name: "text", type: "POLYGON" }],
                },
              },
            ],
          },
        ],
      },
    });
    const models = await query(`query($kind: ModelKind) { models(kind: $kind) { id } }`, { kind: "DETECTOR" });
    assert.ok(
      models.data.models.some((m: { id: string }) => m.id === "text-detection"),
      JSON.stringify(models),
    );
  });

  it("passes subgraph error codes through to clients unchanged", async () => {
    const notFound = await query(`{ task(id: "nope") { id name } }`);
    assert.deepEqual(notFound.data, { task: null });
    assert.equal(notFound.errors.length, 1);
    assert.equal(notFound.errors[0].message, 'No task "nope"');
    assert.deepEqual(notFound.errors[0].extensions, { code: "NOT_FOUND", details: { taskId: "nope" } });
    assert.deepEqual(notFound.errors[0].path, ["task"]);

    const running = await query(`mutation { startAutoAnnotation(input: { taskId: "task-1", modelId: "text-detection" }) { id } }`);
    assert.equal(running.errors[0].extensions.code, "JOB_ALREADY_RUNNING");
    assert.equal(running.errors[0].message, 'Task "task-1" already has a running job');

    const invalid = await query(`{ models(kind: ROBOT) { id } }`);
    assert.equal(invalid.errors[0].extensions.code, "GRAPHQL_VALIDATION_FAILED");
  });

  it("forwards a multipart upload to the subgraph with the bytes intact", async () => {
    const image = randomBytes(300 * 1024);
    const text = Buffer.from("second file ✓\n");
    const form = new FormData();
    form.append(
      "operations",
      JSON.stringify({
        query: `mutation($taskId: ID!, $files: [Upload!]!) { uploadFrames(taskId: $taskId, files: $files) { name mimeType size sha256 } }`,
        variables: { taskId: TASK.id, files: [null, null] },
      }),
    );
    form.append("map", JSON.stringify({ 0: ["variables.files.0"], 1: ["variables.files.1"] }));
    form.append("0", new Blob([image], { type: "image/png" }), "frame-0001.png");
    form.append("1", new Blob([text], { type: "text/plain" }), "notes.txt");
    const res = await fetch(url, { method: "POST", body: form, headers: { "apollo-require-preflight": "true" } });
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
    assert.deepEqual(body, {
      data: {
        uploadFrames: [
          { name: "frame-0001.png", mimeType: "image/png", size: image.length, sha256: sha(image) },
          { name: "notes.txt", mimeType: "text/plain", size: text.length, sha256: sha(text) },
        ],
      },
    });
  });

  it("stamps x-prelabel-gateway upstream: the subgraph refuses the same multipart request without it", async () => {
    const direct = await fetch(subgraphUrls.task, { method: "POST", body: oneFrameUpload(Buffer.from("x"), "x.png") });
    assert.equal(direct.status, 400);
    const refusal = await direct.json();
    assert.match(refusal.errors[0].message, /CSRF/i);
    assert.equal(refusal.errors[0].extensions.code, "CSRF_PREFLIGHT_REQUIRED");
  });

  it("refuses a multipart request without a preflight header (CSRF), like the subgraphs", async () => {
    const form = new FormData();
    form.append("operations", JSON.stringify({ query: `{ tasks { id } }` }));
    form.append("map", "{}");
    const res = await fetch(url, { method: "POST", body: form });
    assert.equal(res.status, 403);
    const body = await res.json();
    assert.match(body.errors[0].message, /CSRF/);
    assert.equal(body.errors[0].extensions.code, "CSRF_PREFLIGHT_REQUIRED");
  });

  it("refuses an upload over MAX_UPLOAD_BYTES with a clear 413 and keeps serving", async () => {
    const form = oneFrameUpload(randomBytes(MAX_UPLOAD_BYTES + 1), "big.png");
    const res = await fetch(url, { method: "POST", body: form, headers: { "apollo-require-preflight": "true" } });
    assert.equal(res.status, 413);
    const body = await res.json();
    assert.equal(body.errors[0].extensions.code, "PAYLOAD_TOO_LARGE");
    assert.match(body.errors[0].message, /exceeds the upload limit of 1 MiB/);

    // A client that only announces a huge body gets the answer before sending it.
    const announced = await rawPost(url, { "content-type": "multipart/form-data; boundary=x", "content-length": String(10 * 1024 ** 3) });
    assert.equal(announced.status, 413);

    // `Expect: 100-continue` (curl, for large bodies): refused before the body is sent.
    const expecting = await rawPost(url, {
      "content-type": "multipart/form-data; boundary=x",
      "content-length": String(10 * 1024 ** 3),
      expect: "100-continue",
    });
    assert.equal(expecting.status, 413);
    assert.equal(JSON.parse(expecting.body).errors[0].extensions.code, "PAYLOAD_TOO_LARGE");

    const json = await post({ query: `{ tasks { id } }`, padding: "x".repeat(3 * 1024 * 1024) });
    assert.equal(json.status, 413);

    assert.deepEqual(await query(`{ tasks { id } }`), { data: { tasks: [{ id: TASK.id }] } });
  });

  it("counts a chunked upload (no Content-Length) as it arrives: within the limit it goes through, an endless one gets 413", async () => {
    const multipart = (bytes: Uint8Array<ArrayBuffer>) => new Response(oneFrameUpload(bytes, "frame.png"));
    const small = multipart(randomBytes(1000));
    const ok = await fetch(url, {
      method: "POST",
      headers: { "content-type": small.headers.get("content-type")!, "apollo-require-preflight": "true" },
      body: small.body,
      duplex: "half",
    } as RequestInit);
    assert.deepEqual(await ok.json(), { data: { uploadFrames: [{ size: 1000 }] } });

    // The same multipart head, then bytes without end: the client never stops, the gateway answers anyway.
    const head = multipart(new Uint8Array(0));
    const prefix = new Uint8Array(await head.arrayBuffer());
    const headerEnd = Buffer.from(prefix).lastIndexOf("\r\n--"); // before the closing boundary: the file is still open
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(sent === 0 ? prefix.subarray(0, headerEnd) : new Uint8Array(64 * 1024));
        sent++;
      },
    });
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": head.headers.get("content-type")!, "apollo-require-preflight": "true" },
      body: endless,
      duplex: "half",
    } as RequestInit);
    assert.equal(res.status, 413);
    const body = await res.json();
    assert.equal(body.errors[0].extensions.code, "PAYLOAD_TOO_LARGE");
    assert.equal(body.errors[0].extensions.http, undefined);
    assert.match(body.errors[0].message, /exceeds the upload limit of 1 MiB/);
    assert.deepEqual(await query(`{ tasks { id } }`), { data: { tasks: [{ id: TASK.id }] } });
  });

  it("streams a subscription over graphql-ws, with fields from other subgraphs", async () => {
    const client = createClient({ url: url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
    try {
      const events: any[] = [];
      const subscription = client.iterate({
        query: `subscription($id: ID!) { autoAnnotationProgress(jobId: $id) { id status progress task { name } model { name } } }`,
        variables: { id: "job-1" },
      });
      for await (const event of subscription) events.push(event);
      assertProgressSteps(events.map((e) => e.data.autoAnnotationProgress.progress));
      const last = events.at(-1).data.autoAnnotationProgress;
      assert.deepEqual(last, {
        id: "job-1",
        status: "COMPLETED",
        progress: 1,
        task: { name: TASK.name },
        model: { name: "Text detection (PP-OCRv4)" },
      });
      assert.ok(events.every((e) => e.errors === undefined));

      // A subscription the subgraph refuses (graphql-ws `error` message) keeps its code too.
      const failed: any[] = [];
      for await (const event of client.iterate({ query: `subscription { autoAnnotationProgress(jobId: "boom") { id } }` }))
        failed.push(event);
      assert.deepEqual(failed, [
        {
          data: null,
          errors: [{ message: 'No job "boom"', path: ["autoAnnotationProgress"], extensions: { code: "NOT_FOUND" } }],
        },
      ]);
    } finally {
      await client.dispose();
    }
  });

  it("streams a subscription over SSE (accept: text/event-stream)", async () => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ query: `subscription { autoAnnotationProgress(jobId: "job-1") { progress status model { id } } }` }),
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /text\/event-stream/);
    const text = await res.text(); // the stream ends after the final state
    const events = text
      .split("\n\n")
      .map((block) => ({
        event: /^event: (.*)$/m.exec(block)?.[1],
        data: /^data: (.*)$/m.exec(block)?.[1],
      }))
      .filter((e) => e.event);
    const next = events.filter((e) => e.event === "next").map((e) => JSON.parse(e.data ?? "{}"));
    assertProgressSteps(next.map((n) => n.data.autoAnnotationProgress.progress));
    assert.deepEqual(next.at(-1).data.autoAnnotationProgress, { progress: 1, status: "COMPLETED", model: { id: "text-detection" } });
    assert.equal(events.at(-1)?.event, "complete");
  });

  it("serves GraphiQL without loading anything from another host", async () => {
    const res = await fetch(url, { headers: { accept: "text/html" } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /text\/html/);
    const html = await res.text();
    assert.match(html, /<title>Prelabel<\/title>/);
    assert.ok(html.length > 100_000, "the GraphiQL bundle is inline");
    const external = [
      ...html.matchAll(/<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*["']?(https?:)?\/\/[^"'\s>]+/gi),
      ...html.matchAll(/@import\s+(url\()?["']?(https?:)?\/\//gi),
    ].map((m) => m[0]);
    assert.deepEqual(external, []);
  });

  it("answers /healthz; /readyz stays ready (degraded) with a subgraph down, /readyz?strict only when every subgraph is ready", async () => {
    const base = url.replace(/\/graphql$/, "");
    const health = await fetch(`${base}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: "ok" });

    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), {
      status: "ready",
      subgraphs: { task: "ready", "model-registry": "ready", "annotation-job": "ready", identity: "ready" },
    });

    assert.equal((await fetch(`${base}/readyz?strict`)).status, 200);

    taskReady = false;
    try {
      const degraded = await fetch(`${base}/readyz`);
      assert.equal(degraded.status, 200, "the gateway still serves the other subgraphs' fields");
      const body = await degraded.json();
      assert.equal(body.status, "degraded");
      assert.equal(body.subgraphs.task, "not ready (HTTP 503)");
      const strict = await fetch(`${base}/readyz?strict`);
      assert.equal(strict.status, 503);
      assert.equal((await strict.json()).status, "not ready");
    } finally {
      taskReady = true;
    }
  });

  it("closes with subscriptions still open (SSE and graphql-ws)", async () => {
    const other = await createGateway({
      supergraphSdl,
      subgraphUrls,
      logger,
      maxUploadBytes: MAX_UPLOAD_BYTES,
      drainMs: 200,
    });
    const otherUrl = (await other.listen(0, "127.0.0.1")).url;
    const subscription = `subscription { autoAnnotationProgress(jobId: "forever") { progress } }`;
    const sse = await fetch(otherUrl, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ query: subscription }),
    });
    const reader = sse.body!.getReader();
    assert.match(new TextDecoder().decode((await reader.read()).value), /:|event: next/);
    const client = createClient({ url: otherUrl.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0 });
    const wsEvents: unknown[] = [];
    const wsDone = (async () => {
      try {
        for await (const e of client.iterate({ query: subscription })) wsEvents.push(e);
      } catch (err) {
        return err;
      }
    })();
    while (wsEvents.length === 0) await new Promise((r) => setTimeout(r, 20));

    const started = Date.now();
    await other.close();
    assert.ok(Date.now() - started < 3_000, `closed in ${Date.now() - started} ms`);
    const closeEvent = (await wsDone) as { code?: number } | undefined;
    assert.equal(closeEvent?.code, 1001, "graphql-ws clients are told the gateway is going away");
    await client.dispose();
    while (!(await reader.read().catch(() => ({ done: true }))).done); // the SSE stream ends
  });

  it("is not ready while a subgraph is down, and says which", async () => {
    const down = await startFixtureSubgraph("annotation-job", annotationJobFixtureSchema("text-detection"), logger);
    const downUrl = down.url;
    await down.close();
    const other = await createGateway({
      supergraphSdl,
      subgraphUrls: { ...subgraphUrls, "annotation-job": downUrl },
      logger,
      maxUploadBytes: MAX_UPLOAD_BYTES,
    });
    try {
      const base = (await other.listen(0, "127.0.0.1")).url.replace(/\/graphql$/, "");
      assert.equal((await fetch(`${base}/readyz`)).status, 200, "degraded, still serving");
      const res = await fetch(`${base}/readyz?strict`);
      assert.equal(res.status, 503);
      assert.deepEqual(await res.json(), {
        status: "not ready",
        subgraphs: { task: "ready", "model-registry": "ready", "annotation-job": "unreachable", identity: "ready" },
      });
      assert.equal((await fetch(`${base}/healthz`)).status, 200, "the process itself is up");

      // Queries that do not touch the missing subgraph still work; those that do fail with SERVICE_UNAVAILABLE.
      const ask = async (q: string) =>
        (
          await fetch(`${base}/graphql`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ query: q }),
          })
        ).json();
      assert.deepEqual(await ask(`{ model(id: "text-detection") { id } }`), { data: { model: { id: "text-detection" } } });
      const unavailable = {
        message: "The annotation-job service is unavailable; try again shortly",
        extensions: { code: "SERVICE_UNAVAILABLE" },
      };
      assert.deepEqual(await ask(`{ tasks { id autoAnnotationJobs { id } } }`), {
        data: null,
        errors: [{ ...unavailable, path: ["tasks", "autoAnnotationJobs"] }],
      });

      // The same over graphql-ws, without the subgraph's internal address in the message.
      const client = createClient({ url: `${base.replace(/^http/, "ws")}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
      try {
        const events: any[] = [];
        for await (const e of client.iterate({ query: `subscription { autoAnnotationProgress(jobId: "job-1") { id } }` })) events.push(e);
        assert.deepEqual(events, [{ data: null, errors: [{ ...unavailable, path: ["autoAnnotationProgress"] }] }]);
      } finally {
        await client.dispose();
      }
    } finally {
      await other.close();
    }
  });
});

/** A GraphQL multipart request (the spec's `operations`, `map`, one file) uploading one frame to the fixture task. */
function oneFrameUpload(bytes: BlobPart, name: string): FormData {
  const form = new FormData();
  const query = `mutation($f: [Upload!]!) { uploadFrames(taskId: "task-1", files: $f) { size } }`;
  form.append("operations", JSON.stringify({ query, variables: { f: [null] } }));
  form.append("map", JSON.stringify({ 0: ["variables.f.0"] }));
  form.append("0", new Blob([bytes]), name);
  return form;
}

/** A POST through node:http, so headers like a huge Content-Length can be sent without a body. */
function rawPost(target: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(target, { method: "POST", headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    if (body !== undefined) req.end(body);
    else req.flushHeaders();
  });
}

describe("gateway in cloud mode: bearer keys in, signed identities out (HTTP and graphql-ws upstream)", () => {
  const keys = identityKeys();
  const tenant: Identity = { tenantId: "tenant-a", subject: "0123456789abcdef", roles: ["MEMBER"] };
  const GOOD = "plk_good";
  let servers: RunningServer[] = [];
  let gateway: Gateway;
  let url: string;

  before(async () => {
    // Every subgraph in cloud mode: nothing answers without the gateway's signature.
    const cloud = subgraphAuth({ PRELABEL_MODE: "cloud", IDENTITY_PUBLIC_KEY: keys.publicKey });
    const registrySdl = readFileSync(join(repoRoot, "services", "model-registry", "schema.graphql"), "utf8");
    const identitySdl = readFileSync(join(repoRoot, "services", "identity", "schema.graphql"), "utf8");
    servers = await Promise.all([
      startFixtureSubgraph("task", taskFixtureSchema(), logger, undefined, cloud),
      startFixtureSubgraph("annotation-job", annotationJobFixtureSchema("text-detection"), logger, undefined, cloud),
    ]);
    const [task, job] = servers;
    const sdl = {
      task: fixtureSdl("task"),
      "model-registry": registrySdl,
      "annotation-job": fixtureSdl("annotation-job"),
      identity: identitySdl,
    };
    const supergraph = composeSupergraph(SUBGRAPHS.map((s) => ({ name: s.name, url: s.defaultUrl, sdl: sdl[s.name] }))).supergraphSdl;
    const auth = new GatewayAuth(
      {
        mode: "cloud",
        signer: keys.signer,
        authenticator: { authenticate: async (key) => (key === GOOD ? tenant : null) },
      },
      logger,
    );
    gateway = await createGateway({
      supergraphSdl: supergraph,
      subgraphUrls: { task: task.url, "annotation-job": job.url },
      logger,
      maxUploadBytes: MAX_UPLOAD_BYTES,
      auth,
    });
    url = (await gateway.listen(0, "127.0.0.1")).url;
  });
  after(async () => {
    await gateway?.close();
    await Promise.all(servers.map((s) => s.close()));
  });

  const post = (headers: Record<string, string>) =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query: `{ task(id: "task-1") { name } }` }),
    });

  it("HTTP: 401 without a valid key; with one, the subgraph accepts the signed identity (and never sees the client's)", async () => {
    for (const headers of [{} as Record<string, string>, { authorization: "Bearer plk_bad" }, { [IDENTITY_HEADER]: "forged.assertion" }]) {
      const res = await post(headers);
      assert.equal(res.status, 401);
      assert.equal((await res.json()).errors[0].extensions.code, "UNAUTHENTICATED");
    }
    const ok = await post({ authorization: `Bearer ${GOOD}`, [IDENTITY_HEADER]: "forged.assertion" });
    assert.deepEqual(await ok.json(), { data: { task: { name: TASK.name } } });
  });

  it("graphql-ws: the connection_init Authorization is checked per operation and the upstream upgrade carries the identity", async () => {
    const subscribe = async (connectionParams?: Record<string, string>) => {
      const client = createClient({
        url: url.replace(/^http/, "ws"),
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: true,
        connectionParams,
      });
      try {
        const events: any[] = [];
        for await (const e of client.iterate({
          query: `subscription { autoAnnotationProgress(jobId: "job-1") { progress task { name } } }`,
        }))
          events.push(e);
        return { events };
      } catch (err) {
        return { error: err as any };
      } finally {
        await client.dispose();
      }
    };
    const refused = await subscribe();
    assert.equal(refused.error?.[0]?.extensions?.code, "UNAUTHENTICATED");
    const accepted = await subscribe({ Authorization: `Bearer ${GOOD}` });
    assert.equal(accepted.error, undefined, JSON.stringify(accepted.error));
    assertProgressSteps(accepted.events?.map((e) => e.data.autoAnnotationProgress.progress));
    assert.equal(accepted.events?.at(-1).data.autoAnnotationProgress.task.name, TASK.name);
  });
});

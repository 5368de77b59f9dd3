import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import type { Readable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { GraphQLInt, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString } from "graphql";
import { GraphQLUpload, type FileUpload } from "graphql-upload-minimal";
import { createLogger } from "./logger.js";
import { RequestTooLargeError, resolveUploadLimits } from "./multipart-limits.js";
import { startSubgraphServer, type RunningServer } from "./subgraph-server.js";

const LIMITS = { maxFileSize: 1000, maxFiles: 2, maxRequestBytes: 5000, maxFieldSize: 600 };

/**
 * `sizes(files)`: each file read whole, as "<bytes>"; "too large" when the parser stopped it (graphql-upload-minimal's
 * 413, or a truncated stream, as the services treat them); any other error fails the operation.
 */
function uploadSchema(): GraphQLSchema {
  const readAll = async (upload: Promise<FileUpload>) => {
    try {
      const stream = (await upload).createReadStream() as unknown as Readable;
      let bytes = 0;
      for await (const chunk of stream) bytes += (chunk as Buffer).length;
      return (stream as Readable & { truncated?: boolean }).truncated ? "too large" : `${bytes}`;
    } catch (err) {
      if ((err as { status?: number }).status === 413 && !(err instanceof RequestTooLargeError)) return "too large";
      throw err;
    }
  };
  return new GraphQLSchema({
    query: new GraphQLObjectType({ name: "Query", fields: { ok: { type: GraphQLString, resolve: () => "ok" } } }),
    mutation: new GraphQLObjectType({
      name: "Mutation",
      fields: {
        sizes: {
          type: new GraphQLList(GraphQLString),
          args: { files: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(GraphQLUpload))) }, pad: { type: GraphQLInt } },
          resolve: (_: unknown, args: { files: Promise<FileUpload>[] }) => Promise.all(args.files.map(readAll)),
        },
      },
    }),
  });
}

function form(files: number[], pad = 0): FormData {
  const body = new FormData();
  const query = `mutation($files: [Upload!]!) { sizes(files: $files) }${" ".repeat(pad)}`;
  body.append("operations", JSON.stringify({ query, variables: { files: files.map(() => null) } }));
  body.append("map", JSON.stringify(Object.fromEntries(files.map((_, i) => [String(i), [`variables.files.${i}`]]))));
  files.forEach((size, i) => body.append(String(i), new Blob([new Uint8Array(size).fill(1)]), `f${i}.png`));
  return body;
}

describe("a subgraph's multipart limits", () => {
  let server: RunningServer;
  const headers = { "x-prelabel-gateway": "1" };
  const send = async (body: FormData, options: { chunked?: boolean } = {}) => {
    const encoded = new Response(body);
    const res = await fetch(server.url, {
      method: "POST",
      headers: { ...headers, "content-type": encoded.headers.get("content-type")! },
      body: options.chunked ? encoded.body : await encoded.arrayBuffer(),
      duplex: "half",
    });
    return { status: res.status, type: res.headers.get("content-type") ?? "", body: (await res.json()) as any };
  };
  const codes = (body: any) => (body.errors ?? []).map((e: any) => e.extensions?.code);

  before(async () => {
    server = await startSubgraphServer({
      name: "uploads",
      schema: uploadSchema(),
      host: "127.0.0.1",
      port: 0,
      logger: createLogger("test", "silent"),
      context: () => ({}),
      ready: async () => true,
      uploads: LIMITS,
    });
  });
  after(async () => {
    await server?.close();
  });

  it("defaults the request limit to every file at its limit plus the fields", () => {
    assert.deepEqual(resolveUploadLimits({ maxFileSize: 1000, maxFiles: 3 }), {
      maxFileSize: 1000,
      maxFiles: 3,
      maxFieldSize: 1024 * 1024,
      maxRequestBytes: 3000 + 3 * 1024 * 1024,
    });
    assert.equal(resolveUploadLimits(LIMITS).maxRequestBytes, 5000);
  });

  it("reads a file of exactly maxFileSize whole, and stops one byte past it (declared and chunked)", async () => {
    for (const chunked of [false, true]) {
      const res = await send(form([1000, 1001]), { chunked });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body.data.sizes, ["1000", "too large"]);
    }
  });

  it("refuses more than maxFiles files with 413 PAYLOAD_TOO_LARGE as JSON", async () => {
    const res = await send(form([1, 1, 1]));
    assert.equal(res.status, 413);
    assert.match(res.type, /application\/json/);
    assert.deepEqual(codes(res.body), ["PAYLOAD_TOO_LARGE"]);
  });

  it("refuses an operations field over maxFieldSize with 413 PAYLOAD_TOO_LARGE", async () => {
    const res = await send(form([1], 700));
    assert.equal(res.status, 413);
    assert.deepEqual(codes(res.body), ["PAYLOAD_TOO_LARGE"]);
    assert.match(res.body.errors[0].message, /'operations' multipart field value exceeds the 600 byte size limit/);
  });

  it("refuses a declared body over maxRequestBytes before reading it", async () => {
    const res = await new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = httpRequest(
        server.url,
        { method: "POST", headers: { ...headers, "content-type": "multipart/form-data; boundary=x", "content-length": "5001" } },
        (r) => {
          let text = "";
          r.setEncoding("utf8");
          r.on("data", (c: string) => (text += c));
          r.on("end", () => resolve({ status: r.statusCode ?? 0, body: JSON.parse(text) }));
        },
      );
      req.on("error", reject);
      req.flushHeaders(); // headers only: the answer must not wait for a body
    });
    assert.equal(res.status, 413);
    assert.deepEqual(codes(res.body), ["PAYLOAD_TOO_LARGE"]);
    assert.match(res.body.errors[0].message, /Request body of 5001 bytes exceeds the upload limit of 5000 bytes/);
  });

  it("stops a chunked body at maxRequestBytes: the open file fails with PAYLOAD_TOO_LARGE", async () => {
    // Two files within maxFileSize each are 2000 bytes: pad the operation to pass 5000 in all.
    const big = new FormData();
    big.append(
      "operations",
      JSON.stringify({ query: `mutation($files: [Upload!]!) { sizes(files: $files) }`, variables: { files: [null] } }),
    );
    big.append("map", JSON.stringify({ 0: ["variables.files.0"] }));
    big.append("junk", new Blob([new Uint8Array(4500)]), "ignored.bin"); // not in the map: read and skipped
    big.append("0", new Blob([new Uint8Array(900)]), "f0.png");
    const res = await send(big, { chunked: true });
    assert.deepEqual(codes(res.body), ["PAYLOAD_TOO_LARGE"], JSON.stringify(res.body));
    assert.match(res.body.errors[0].message, /exceeds the upload limit of 5000 bytes/);
    const same = await send(big, { chunked: false });
    assert.equal(same.status, 413, "declared, the same body is refused up front");
  });

  it("answers a JSON body over 2 MiB with 413 PAYLOAD_TOO_LARGE and bad multipart with 400 BAD_USER_INPUT, as JSON", async () => {
    const json = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ ok }", pad: "x".repeat(3 * 1024 * 1024) }),
    });
    assert.equal(json.status, 413);
    assert.deepEqual(codes(await json.json()), ["PAYLOAD_TOO_LARGE"]);
    const noMap = new FormData();
    noMap.append("operations", JSON.stringify({ query: "{ ok }" }));
    const bad = await send(noMap);
    assert.equal(bad.status, 400);
    assert.deepEqual(codes(bad.body), ["BAD_USER_INPUT"]);
    const ok = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ ok }" }),
    });
    assert.deepEqual(await ok.json(), { data: { ok: "ok" } });
  });
});

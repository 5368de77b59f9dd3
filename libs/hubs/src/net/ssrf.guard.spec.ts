import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { FakeHttpServer, HfHubFake, fakeCredentials, faults, hfFixtureIds, standardHfFixtures } from "@prelabel/hub-fakes";
import { HubError, HubErrorCode } from "../hub.errors.js";
import { HubHttpTransport } from "./hub-http.transport.js";
import { SsrfGuard, type HostResolver } from "./ssrf.guard.js";

const isCode = (code: string) => (e: unknown) => e instanceof HubError && e.code === code;

/** A DNS that answers from a table, so names can "resolve" to private addresses without a real resolver. */
const tableResolver =
  (table: Record<string, string[]>): HostResolver =>
  async (hostname) => {
    const found = table[hostname];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return found.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };

describe("SsrfGuard (no network)", () => {
  const resolver = tableResolver({
    "huggingface.co": ["3.165.1.10", "2600:9000:2000::1"],
    "router.huggingface.co": ["3.165.1.11"],
    "api.roboflow.com": ["10.0.0.7"],
    "serverless.roboflow.com": ["::ffff:127.0.0.1"],
    "x.endpoints.huggingface.cloud": ["34.1.2.3"],
  });
  const guard = new SsrfGuard({
    allowedOrigins: [
      "https://huggingface.co",
      "https://router.huggingface.co",
      "https://api.roboflow.com",
      "https://serverless.roboflow.com",
    ],
    allowedHttpsHosts: ["*.endpoints.huggingface.cloud"],
    redirectHosts: ["cdn-lfs.hf.co"],
    allowPrivateNetworks: false,
    resolver,
  });

  it("allows only the configured hub origins (scheme and port included)", () => {
    assert.equal(guard.checkUrl("https://huggingface.co/api/models/x/y").host, "huggingface.co");
    assert.throws(() => guard.checkUrl("https://evil.example/api"), isCode(HubErrorCode.UrlRefused));
    assert.throws(() => guard.checkUrl("http://huggingface.co/api"), isCode(HubErrorCode.UrlRefused));
    assert.throws(() => guard.checkUrl("https://huggingface.co:8443/api"), isCode(HubErrorCode.UrlRefused));
    assert.throws(() => guard.checkUrl("https://huggingface.co.evil.example/"), isCode(HubErrorCode.UrlRefused));
    assert.throws(() => guard.checkUrl("http://169.254.169.254/latest/meta-data"), isCode(HubErrorCode.UrlRefused));
  });

  it("allows dedicated endpoint hosts by suffix, over HTTPS only", () => {
    assert.ok(guard.checkUrl("https://x.endpoints.huggingface.cloud/"));
    assert.throws(() => guard.checkUrl("http://x.endpoints.huggingface.cloud/"), isCode(HubErrorCode.UrlRefused));
    assert.throws(() => guard.checkUrl("https://endpoints.huggingface.cloud/"), isCode(HubErrorCode.UrlRefused));
  });

  it("refuses other schemes, credentials in URLs and garbage", () => {
    assert.throws(() => guard.checkUrl("file:///etc/passwd"), isCode(HubErrorCode.UrlInvalid));
    assert.throws(() => guard.checkUrl("gopher://huggingface.co/"), isCode(HubErrorCode.UrlInvalid));
    assert.throws(() => guard.checkUrl("https://user:pw@huggingface.co/"), isCode(HubErrorCode.UrlRefused));
    assert.throws(() => guard.checkUrl("not a url"), isCode(HubErrorCode.UrlInvalid));
  });

  it("resolves and pins public addresses", async () => {
    const target = await guard.resolve(new URL("https://huggingface.co/x"));
    assert.deepEqual(
      target.addresses.map((a) => a.address),
      ["3.165.1.10", "2600:9000:2000::1"],
    );
    const viaLookup = await new Promise<unknown>((resolve) =>
      target.lookup("huggingface.co", { all: true }, (_e, addresses) => resolve(addresses)),
    );
    assert.deepEqual(viaLookup, [
      { address: "3.165.1.10", family: 4 },
      { address: "2600:9000:2000::1", family: 6 },
    ]);
    const v6only = await new Promise<unknown>((resolve) =>
      target.lookup("huggingface.co", { family: 6 }, (_e, address) => resolve(address)),
    );
    assert.equal(v6only, "2600:9000:2000::1");
  });

  it("refuses a configured host that resolves to a private or IPv4-mapped address", async () => {
    await assert.rejects(
      guard.resolve(new URL("https://api.roboflow.com/")),
      (e: HubError) => e.code === HubErrorCode.UrlRefused && /private/.test(e.message),
    );
    await assert.rejects(guard.resolve(new URL("https://serverless.roboflow.com/")), (e: HubError) => /ipv4-mapped/.test(e.message));
  });

  it("treats a name that does not resolve as an outage (retryable), not a refusal", async () => {
    const lonely = new SsrfGuard({ allowedOrigins: ["https://nowhere.example"], allowPrivateNetworks: false, resolver });
    await assert.rejects(
      lonely.resolve(new URL("https://nowhere.example/")),
      (e: HubError) => e.code === HubErrorCode.Unavailable && e.transient?.reason === "network",
    );
  });

  it("follows redirects only within the origin or to configured redirect hosts over HTTPS", () => {
    const from = new URL("https://huggingface.co/org/repo/resolve/main/model.onnx");
    assert.equal(guard.checkRedirect(from, "/api/resolve-cache/x").href, "https://huggingface.co/api/resolve-cache/x");
    assert.equal(guard.checkRedirect(from, "https://cdn-lfs.hf.co/repos/ab/cd?sig=1").host, "cdn-lfs.hf.co");
    assert.throws(() => guard.checkRedirect(from, "http://cdn-lfs.hf.co/x"), isCode(HubErrorCode.UrlRefused));
    assert.throws(() => guard.checkRedirect(from, "https://router.huggingface.co/x"), isCode(HubErrorCode.UrlRefused));
    assert.throws(() => guard.checkRedirect(from, "http://127.0.0.1:8080/admin"), isCode(HubErrorCode.UrlRefused));
  });
});

describe("SsrfGuard on loopback (through the transport)", () => {
  let hub: HfHubFake;
  let attacker: FakeHttpServer;
  let cdn: FakeHttpServer;

  before(async () => {
    hub = await HfHubFake.start({
      fixtures: standardHfFixtures(),
      tokens: [{ token: fakeCredentials.hfTokenGranted, repos: [hfFixtureIds.private] }],
    });
    attacker = await new FakeHttpServer("attacker", [
      { name: "any", methods: ["GET", "POST"], pattern: /.*/, handle: () => ({ status: 200, body: { pwned: true } }) },
    ]).listen();
    cdn = await new FakeHttpServer("cdn", [
      { name: "file", methods: ["GET"], pattern: /^\/files\/(.+)$/, handle: () => ({ status: 200, body: Buffer.from("CDN-BYTES") }) },
    ]).listen();
  });
  after(async () => {
    await Promise.all([hub.close(), attacker.close(), cdn.close()]);
  });

  const transportFor = (options: { allowPrivateNetworks: boolean; redirectHosts?: string[] }) =>
    new HubHttpTransport(new SsrfGuard({ allowedOrigins: [hub.url], ...options }));
  const infoUrl = () => `${hub.url}/api/models/${hfFixtureIds.detector}`;

  it("refuses loopback by default: nothing reaches the server", async () => {
    hub.reset();
    await assert.rejects(transportFor({ allowPrivateNetworks: false }).send({ method: "GET", url: infoUrl() }), (e: HubError) => {
      return e.code === HubErrorCode.UrlRefused && /loopback/.test(e.message);
    });
    assert.equal(hub.requests.length, 0);
  });

  it("reaches loopback only when configuration allows it", async () => {
    hub.reset();
    const res = await transportFor({ allowPrivateNetworks: true }).send({ method: "GET", url: infoUrl() });
    assert.equal(res.status, 200);
    assert.equal(hub.requests.length, 1);
  });

  it("refuses hosts that are not configured, even on loopback with private networks allowed", async () => {
    await assert.rejects(
      transportFor({ allowPrivateNetworks: true }).send({ method: "GET", url: `${attacker.url}/x` }),
      isCode(HubErrorCode.UrlRefused),
    );
    assert.equal(attacker.requests.length, 0);
  });

  it("refuses a redirect to another host, which is never contacted", async () => {
    hub.reset();
    hub.inject("model-info", faults.redirect(`${attacker.url}/steal`, 307));
    await assert.rejects(
      transportFor({ allowPrivateNetworks: true }).send({
        method: "GET",
        url: infoUrl(),
        headers: { Authorization: `Bearer ${fakeCredentials.hfTokenGranted}` },
      }),
      (e: HubError) => e.code === HubErrorCode.UrlRefused && /redirect/.test(e.message),
    );
    assert.equal(hub.requests.length, 1);
    assert.equal(attacker.requests.length, 0);
  });

  it("follows a same-host redirect", async () => {
    hub.reset();
    hub.inject("model-info", faults.redirect(`/api/models/${hfFixtureIds.classifier}`, 301));
    const res = await transportFor({ allowPrivateNetworks: true }).send({ method: "GET", url: infoUrl() });
    assert.equal(res.status, 200);
    assert.equal((JSON.parse(res.body.toString()) as { id: string }).id, hfFixtureIds.classifier);
    assert.equal(hub.requests.length, 2);
  });

  it("follows a redirect to a configured redirect host without carrying the Authorization header", async () => {
    hub.reset();
    cdn.reset();
    hub.inject("model-info", faults.redirect(`${cdn.url}/files/model.onnx?sig=abc`, 302));
    const res = await transportFor({ allowPrivateNetworks: true, redirectHosts: [cdn.url] }).send({
      method: "GET",
      url: infoUrl(),
      headers: { Authorization: `Bearer ${fakeCredentials.hfTokenGranted}` },
    });
    assert.equal(res.body.toString(), "CDN-BYTES");
    assert.equal(hub.requests[0]?.headers.authorization, `Bearer ${fakeCredentials.hfTokenGranted}`);
    assert.equal(cdn.requests.length, 1);
    assert.equal(cdn.requests[0]?.headers.authorization, undefined);
  });

  it("stops after too many redirects", async () => {
    hub.reset();
    const loop = faults.redirect(`/api/models/${hfFixtureIds.detector}`, 302);
    hub.inject("model-info", loop, loop, loop, loop, loop);
    await assert.rejects(
      transportFor({ allowPrivateNetworks: true }).send({ method: "GET", url: infoUrl() }),
      isCode(HubErrorCode.BadResponse),
    );
    assert.equal(hub.requests.length, 4, "the first request and three redirects");
  });

  it("refuses IPv4-mapped and bracketed loopback literals by default", async () => {
    const port = new URL(hub.url).port;
    for (const host of [`[::ffff:127.0.0.1]:${port}`, `[::1]:${port}`]) {
      const guard = new SsrfGuard({ allowedOrigins: [`http://${host}`], allowPrivateNetworks: false });
      await assert.rejects(
        new HubHttpTransport(guard).send({ method: "GET", url: `http://${host}/api/models/x` }),
        isCode(HubErrorCode.UrlRefused),
        host,
      );
    }
  });
});

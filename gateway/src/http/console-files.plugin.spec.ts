import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { describe, it } from "node:test";
import { consoleContentSecurityPolicy, resolveConsolePath } from "./console-files.plugin.js";

describe("the console's Content-Security-Policy", () => {
  it("allows this host's sockets only", () => {
    assert.match(
      consoleContentSecurityPolicy("prelabel.example:8443"),
      /connect-src 'self' ws:\/\/prelabel\.example:8443 wss:\/\/prelabel\.example:8443;/,
    );
    assert.match(consoleContentSecurityPolicy("[::1]:4000"), /connect-src 'self' ws:\/\/\[::1\]:4000 wss:\/\/\[::1\]:4000;/);
  });

  it("echoes no Host that is not a host name: 'self' alone", () => {
    for (const host of [undefined, "", "evil.example; script-src *", "a b", "x.example/path"])
      assert.match(consoleContentSecurityPolicy(host), /connect-src 'self';/, String(host));
  });
});

describe("console paths", () => {
  const dir = resolve("/srv/console");

  it("map into the directory", () => {
    assert.deepEqual(resolveConsolePath(dir, "/assets/index-1.js"), { file: join(dir, "assets", "index-1.js") });
    assert.deepEqual(resolveConsolePath(dir, "/"), { file: dir });
  });

  it("never leave it", () => {
    for (const path of ["/../etc/passwd", "/assets/%2e%2e/x", "/a/..%2F..%2Fx", "/a%5c..%5cx", "/x%00", "/%E0%A4%A", "/./x"])
      assert.deepEqual(resolveConsolePath(dir, path), { refused: true }, path);
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { HostResolver, ResolvedAddress } from "@prelabel/hubs";
import { NuclioAddressPolicy } from "./nuclio-address.policy.js";
import { NuclioErrorCode, type NuclioError } from "./nuclio.types.js";

const zone: Record<string, ResolvedAddress[]> = {
  "functions.example.com": [{ address: "93.184.216.34", family: 4 }],
  "nuclio.internal": [{ address: "10.1.2.3", family: 4 }],
  "mixed.example.com": [
    { address: "93.184.216.34", family: 4 },
    { address: "192.168.1.9", family: 4 },
  ],
  "v6.internal": [{ address: "fd00::5", family: 6 }],
  "metadata.internal": [{ address: "169.254.169.254", family: 4 }],
  "zero.example.com": [{ address: "0.0.0.0", family: 4 }],
};
const resolved: string[] = [];
const resolver: HostResolver = async (host) => {
  resolved.push(host);
  const found = zone[host];
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
  return found;
};
const policy = (privateHosts: string[]) => new NuclioAddressPolicy({ privateHosts, resolver });

const refusedFor = (host: string) => (err: NuclioError) => {
  assert.equal(err.code, NuclioErrorCode.UrlRefused);
  assert.match(err.message, new RegExp(`Refused to contact ${host.replace(/[.[\]]/g, "\\$&")}`));
  return true;
};

describe("NuclioAddressPolicy", () => {
  it("allows public names and pins the connection to the checked addresses", async () => {
    const target = await policy([]).check("https://functions.example.com:8443/api/function_invocations");
    assert.deepEqual(target.addresses, [{ address: "93.184.216.34", family: 4 }]);
    const looked = await new Promise<unknown>((resolve, reject) =>
      target.lookup("functions.example.com", { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
    );
    assert.deepEqual(looked, [{ address: "93.184.216.34", family: 4 }]);
    const v6 = await new Promise<Error | null>((resolve) => target.lookup("x", { family: 6 }, (err) => resolve(err)));
    assert.match(String(v6), /No checked address/);
  });

  it("refuses private addresses unless the host is listed (hostname, IP, CIDR or *)", async () => {
    await assert.rejects(policy([]).check("http://nuclio.internal:8070/x?token=secret"), refusedFor("nuclio.internal:8070"));
    await assert.rejects(policy([]).check("http://127.0.0.1:32768/"), refusedFor("127.0.0.1:32768"));
    await assert.rejects(policy([]).check("http://[::1]:8070/"), refusedFor("[::1]:8070"));
    await policy(["nuclio.internal"]).check("http://nuclio.internal:8070/");
    await policy(["NUCLIO.internal."]).check("http://nuclio.internal:8070/");
    await policy(["10.1.2.3"]).check("http://nuclio.internal:8070/");
    await policy(["10.0.0.0/8"]).check("http://nuclio.internal/");
    await policy(["127.0.0.1"]).check("http://127.0.0.1:32768/");
    await policy(["fd00::/8"]).check("http://v6.internal/");
    await policy(["*"]).check("http://v6.internal/");
    await policy(["*"]).check("http://[::ffff:127.0.0.1]:80/");
    await policy(["127.0.0.0/8"]).check("http://[::ffff:127.0.0.1]:80/");
    await assert.rejects(policy(["10.0.0.0/16"]).check("http://nuclio.internal/"), refusedFor("nuclio.internal"));
    await assert.rejects(policy(["other.internal"]).check("http://nuclio.internal/"), refusedFor("nuclio.internal"));
  });

  it("every resolved address must pass: one private address among public ones is refused", async () => {
    await assert.rejects(policy([]).check("https://mixed.example.com/"), refusedFor("mixed.example.com"));
    await policy(["mixed.example.com"]).check("https://mixed.example.com/");
  });

  it("never the message's path or query", async () => {
    await assert.rejects(policy([]).check("http://127.0.0.1/secret-path?api_key=abc"), (err: Error) => {
      assert.doesNotMatch(err.message, /secret-path|api_key|abc/);
      return true;
    });
  });

  it("link-local (cloud metadata) only through an explicit IP or CIDR; 0.0.0.0 never", async () => {
    await assert.rejects(policy(["*"]).check("http://metadata.internal/"), refusedFor("metadata.internal"));
    await assert.rejects(policy(["metadata.internal"]).check("http://metadata.internal/"), refusedFor("metadata.internal"));
    await policy(["169.254.169.254"]).check("http://metadata.internal/");
    await assert.rejects(policy(["*"]).check("http://0.0.0.0:8070/"), refusedFor("0.0.0.0:8070"));
    await assert.rejects(policy(["*", "0.0.0.0/0"]).check("http://zero.example.com/"), refusedFor("zero.example.com"));
  });

  it("refuses other schemes, credentials and unparsable URLs; a name that does not resolve is unavailable", async () => {
    await assert.rejects(policy(["*"]).check("ftp://functions.example.com/"), refusedFor("functions.example.com"));
    await assert.rejects(policy(["*"]).check("file:///etc/passwd"), (e: NuclioError) => e.code === NuclioErrorCode.UrlRefused);
    await assert.rejects(policy(["*"]).check("http://user:pw@functions.example.com/"), (e: NuclioError) => {
      assert.equal(e.code, NuclioErrorCode.UrlRefused);
      assert.doesNotMatch(e.message, /pw/);
      return true;
    });
    await assert.rejects(policy([]).check("not a url"), (e: NuclioError) => e.code === NuclioErrorCode.UrlRefused);
    await assert.rejects(
      policy([]).check("http://nowhere.example.com/"),
      (e: NuclioError) => e.code === NuclioErrorCode.FunctionUnavailable,
    );
  });

  it("bad privateHosts entries fail at construction, naming the entry", () => {
    assert.throws(() => policy(["10.0.0.0/33"]), /Not a CIDR: 10.0.0.0\/33/);
    assert.throws(() => policy(["nope/8"]), /Not a CIDR/);
    assert.throws(() => policy(["http://host"]), /Not a hostname, IP address or CIDR/);
    assert.throws(() => policy(["bad host"]), /Not a hostname/);
  });
});

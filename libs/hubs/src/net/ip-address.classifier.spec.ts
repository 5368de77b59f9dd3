import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { classifyAddress, isPublicAddress, parseIPv6 } from "./ip-address.classifier.js";

describe("classifyAddress", () => {
  const cases: Array<[string, string]> = [
    ["8.8.8.8", "public"],
    ["151.101.1.69", "public"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["0.0.0.0", "unspecified"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["172.32.0.1", "public"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "link-local"],
    ["100.64.0.1", "carrier-grade-nat"],
    ["198.18.0.1", "benchmarking"],
    ["192.0.2.10", "documentation"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "reserved"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fc00::1", "unique-local"],
    ["fd12:3456::1", "unique-local"],
    ["fe80::1%eth0", "link-local"],
    ["fec0::1", "site-local"],
    ["ff02::1", "multicast"],
    ["::ffff:127.0.0.1", "ipv4-mapped"],
    ["::ffff:8.8.8.8", "ipv4-mapped"],
    ["::ffff:7f00:1", "ipv4-mapped"],
    ["::127.0.0.1", "ipv4-compatible"],
    ["64:ff9b::10.0.0.1", "private"],
    ["64:ff9b::8.8.8.8", "public"],
    ["2002:7f00:0001::1", "loopback"],
    ["2001:db8::1", "documentation"],
    ["2001:0:4136:e378::1", "reserved"],
    ["2606:4700:4700::1111", "public"],
    ["[2606:4700:4700::1111]", "public"],
    ["not-an-ip", "invalid"],
    ["256.1.1.1", "invalid"],
  ];
  for (const [address, expected] of cases) {
    it(`${address} is ${expected}`, () => assert.equal(classifyAddress(address), expected));
  }

  it("only public unicast passes", () => {
    assert.equal(isPublicAddress("1.1.1.1"), true);
    assert.equal(isPublicAddress("::ffff:1.1.1.1"), false);
  });

  it("expands IPv6 with an embedded dotted quad", () => {
    assert.deepEqual(parseIPv6("::ffff:1.2.3.4"), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 1, 2, 3, 4]);
    assert.deepEqual(parseIPv6("1:2:3:4:5:6:7:8")?.slice(14), [0, 8]);
  });
});

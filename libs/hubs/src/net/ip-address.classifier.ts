import { isIPv4, isIPv6 } from "node:net";

/** Why an address is not a public unicast one (or "public"). */
export type AddressClass =
  | "public"
  | "unspecified"
  | "loopback"
  | "private"
  | "carrier-grade-nat"
  | "link-local"
  | "unique-local"
  | "site-local"
  | "multicast"
  | "ipv4-mapped"
  | "ipv4-compatible"
  | "documentation"
  | "benchmarking"
  | "reserved"
  | "invalid";

type V4Range = [a: number, b: number, c: number, d: number, prefix: number, cls: AddressClass];

// IANA special-purpose IPv4 registry, minus nothing: any of these is refused unless private networks are allowed.
const v4Ranges: V4Range[] = [
  [0, 0, 0, 0, 8, "unspecified"],
  [10, 0, 0, 0, 8, "private"],
  [100, 64, 0, 0, 10, "carrier-grade-nat"],
  [127, 0, 0, 0, 8, "loopback"],
  [169, 254, 0, 0, 16, "link-local"],
  [172, 16, 0, 0, 12, "private"],
  [192, 0, 0, 0, 24, "reserved"],
  [192, 0, 2, 0, 24, "documentation"],
  [192, 88, 99, 0, 24, "reserved"],
  [192, 168, 0, 0, 16, "private"],
  [198, 18, 0, 0, 15, "benchmarking"],
  [198, 51, 100, 0, 24, "documentation"],
  [203, 0, 113, 0, 24, "documentation"],
  [224, 0, 0, 0, 4, "multicast"],
  [240, 0, 0, 0, 4, "reserved"],
];

function v4ToInt(octets: number[]): number {
  return ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
}

function classifyV4(octets: number[]): AddressClass {
  const value = v4ToInt(octets);
  for (const [a, b, c, d, prefix, cls] of v4Ranges) {
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    if ((value & mask) >>> 0 === (v4ToInt([a, b, c, d]) & mask) >>> 0) return cls;
  }
  return "public";
}

/** 16 bytes of an IPv6 address (zone id dropped, embedded dotted quad allowed), or undefined. */
export function parseIPv6(address: string): number[] | undefined {
  const text = address.replace(/^\[|\]$/g, "").split("%")[0];
  if (!isIPv6(text)) return undefined;
  let head = text;
  let tailV4: number[] = [];
  const lastColon = text.lastIndexOf(":");
  const maybeV4 = text.slice(lastColon + 1);
  if (maybeV4.includes(".")) {
    tailV4 = maybeV4.split(".").map(Number);
    head = text.slice(0, lastColon + 1) + "0:0"; // placeholder groups, replaced below
  }
  const [left, right] = head.includes("::") ? head.split("::") : [head, undefined];
  const leftGroups = left ? left.split(":").filter((g) => g !== "") : [];
  const rightGroups = right ? right.split(":").filter((g) => g !== "") : [];
  const missing = 8 - leftGroups.length - rightGroups.length;
  if (right === undefined && missing !== 0) return undefined;
  const groups = [...leftGroups, ...Array<string>(Math.max(0, missing)).fill("0"), ...rightGroups].map((g) => parseInt(g, 16));
  const bytes: number[] = [];
  for (const g of groups) bytes.push((g >> 8) & 0xff, g & 0xff);
  if (tailV4.length === 4) bytes.splice(12, 4, ...tailV4);
  return bytes.length === 16 ? bytes : undefined;
}

function classifyV6(b: number[]): AddressClass {
  const zeroUntil = (n: number) => b.slice(0, n).every((x) => x === 0);
  if (zeroUntil(16)) return "unspecified";
  if (zeroUntil(15) && b[15] === 1) return "loopback";
  // ::ffff:a.b.c.d: the socket would reach the IPv4 address; refused outright, whatever it embeds.
  if (zeroUntil(10) && b[10] === 0xff && b[11] === 0xff) return "ipv4-mapped";
  if (zeroUntil(12)) return "ipv4-compatible";
  // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) reach an embedded IPv4 address: judge that one.
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && b.slice(4, 12).every((x) => x === 0)) {
    return classifyV4(b.slice(12, 16));
  }
  if (b[0] === 0x20 && b[1] === 0x02) return classifyV4(b.slice(2, 6));
  if ((b[0] & 0xfe) === 0xfc) return "unique-local";
  if (b[0] === 0xfe && (b[1] & 0xc0) === 0x80) return "link-local";
  if (b[0] === 0xfe && (b[1] & 0xc0) === 0xc0) return "site-local";
  if (b[0] === 0xff) return "multicast";
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0x0d && b[3] === 0xb8) return "documentation";
  if (b[0] === 0x01 && b[1] === 0x00 && b.slice(2, 8).every((x) => x === 0)) return "reserved"; // discard-only 100::/64
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0x00 && b[3] === 0x00) return "reserved"; // Teredo 2001::/32 tunnels anywhere
  // Only global unicast (2000::/3) is public.
  return (b[0] & 0xe0) === 0x20 ? "public" : "reserved";
}

/** Classifies an IP literal (v4, v6, bracketed v6); anything unparsable is "invalid". */
export function classifyAddress(address: string): AddressClass {
  if (isIPv4(address)) return classifyV4(address.split(".").map(Number));
  const bytes = parseIPv6(address);
  return bytes ? classifyV6(bytes) : "invalid";
}

export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === "public";
}

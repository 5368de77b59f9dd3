import { createHash } from "node:crypto";

/** What frame objects are called in the frames bucket (Buckets.frames): `sha256-<64 lowercase hex>` (content addressed). */
const FRAME_OBJECT_NAME = /^sha256-[0-9a-f]{64}$/;

/** Whether an object of the frames bucket is a frame's bytes (the sweep leaves anything else alone). */
export function isFrameObjectName(name: string): boolean {
  return FRAME_OBJECT_NAME.test(name);
}

/** The distinct names, sorted: locks are always taken in this order, so two callers never wait crosswise. */
export function lockOrder(names: Iterable<string>): string[] {
  return [...new Set(names)].sort();
}

/** Content address of some bytes, `sha256-<hex>`: storing the same bytes twice costs nothing. */
export function objectNameOf(bytes: Uint8Array): string {
  return `sha256-${createHash("sha256").update(bytes).digest("hex")}`;
}

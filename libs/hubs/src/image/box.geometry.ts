import type { HubBox } from "../hub.types.js";

/** The box cut to the image (hubs may return boxes spilling past the edges). */
export function clampBox(box: HubBox, width: number, height: number): HubBox {
  const cx = (v: number) => Math.min(width, Math.max(0, v));
  const cy = (v: number) => Math.min(height, Math.max(0, v));
  return [cx(box[0]), cy(box[1]), cx(box[2]), cy(box[3])];
}

import type { BinaryMask, PlacedMask } from "./binary-mask.js";

/** One 8-connected component; bounds are inclusive pixel indices. */
export interface Component {
  readonly label: number;
  readonly area: number;
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

export interface ComponentLabels {
  readonly width: number;
  readonly height: number;
  /** 0 is background; components are numbered from 1 in raster order of their first pixel. */
  readonly labels: Int32Array;
  readonly components: Component[];
}

// Diagonal neighbours included: DB probability blobs of thin glyph strokes often touch only at corners.
const NEIGHBOURS_8 = [
  [-1, -1],
  [0, -1],
  [1, -1],
  [-1, 0],
  [1, 0],
  [-1, 1],
  [0, 1],
  [1, 1],
] as const;

/** Labels the 8-connected components of the set pixels of a mask (iterative flood fill; no recursion limit). */
export function labelComponents(mask: BinaryMask): ComponentLabels {
  const { width, height, data } = mask;
  const labels = new Int32Array(width * height);
  const components: Component[] = [];
  // Each pixel is pushed at most once (it is labelled when pushed), so this stack never overflows.
  const stack = new Int32Array(width * height);
  let next = 1;
  for (let start = 0; start < data.length; start++) {
    if (!data[start] || labels[start]) continue;
    const label = next++;
    let area = 0;
    let left = width;
    let top = height;
    let right = -1;
    let bottom = -1;
    let sp = 0;
    stack[sp++] = start;
    labels[start] = label;
    while (sp > 0) {
      const p = stack[--sp];
      const x = p % width;
      const y = (p - x) / width;
      area++;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
      for (const [dx, dy] of NEIGHBOURS_8) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
        const q = ny * width + nx;
        if (data[q] && !labels[q]) {
          labels[q] = label;
          stack[sp++] = q;
        }
      }
    }
    components.push({ label, area, left, top, right, bottom });
  }
  return { width, height, labels, components };
}

/** The component's own pixels, cut to its bounding box (other components in that box are left out). */
export function componentMask(labelled: ComponentLabels, component: Component): PlacedMask {
  const width = component.right - component.left + 1;
  const height = component.bottom - component.top + 1;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = (y + component.top) * labelled.width + component.left;
    for (let x = 0; x < width; x++) {
      if (labelled.labels[row + x] === component.label) data[y * width + x] = 1;
    }
  }
  return { left: component.left, top: component.top, width, height, data };
}

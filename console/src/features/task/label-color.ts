/** FNV-1a: a small, stable string hash (the same label name gets the same colour in every task and session). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The label's colour: hue from the name's hash; saturation and lightness fixed so every hue reads on a photo. */
export function labelColor(labelName: string): string {
  return `hsl(${fnv1a(labelName) % 360}, 80%, 50%)`;
}

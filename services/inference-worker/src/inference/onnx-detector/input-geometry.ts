import type { Box } from "../detection-model.js";

/**
 * Where a frame lands in the network input. The frame's content covers `contentWidth` × `contentHeight`
 * input pixels starting at (`padLeft`, `padTop`); the rest is padding. Letterbox keeps the aspect ratio
 * (scale = min of both ratios, ultralytics' LetterBox with scaleup, centred, the odd pixel on the right and
 * bottom); stretch fills the input.
 */
export interface InputGeometry {
  readonly inputWidth: number;
  readonly inputHeight: number;
  readonly frameWidth: number;
  readonly frameHeight: number;
  readonly contentWidth: number;
  readonly contentHeight: number;
  readonly padLeft: number;
  readonly padTop: number;
}

export function fitFrame(
  frame: { width: number; height: number },
  input: { width: number; height: number },
  resize: "LETTERBOX" | "STRETCH",
): InputGeometry {
  const base = { inputWidth: input.width, inputHeight: input.height, frameWidth: frame.width, frameHeight: frame.height };
  if (resize === "STRETCH") return { ...base, contentWidth: input.width, contentHeight: input.height, padLeft: 0, padTop: 0 };
  const scale = Math.min(input.width / frame.width, input.height / frame.height);
  const contentWidth = Math.min(input.width, Math.max(1, Math.round(frame.width * scale)));
  const contentHeight = Math.min(input.height, Math.max(1, Math.round(frame.height * scale)));
  return {
    ...base,
    contentWidth,
    contentHeight,
    padLeft: Math.floor((input.width - contentWidth) / 2),
    padTop: Math.floor((input.height - contentHeight) / 2),
  };
}

/**
 * Input-pixel corners → frame pixels: undoes the padding and the scale of each axis, then clips to the
 * frame. Null when nothing of the box is left inside the frame.
 */
export function toFrameBox(g: InputGeometry, x1: number, y1: number, x2: number, y2: number): Box | null {
  const sx = g.frameWidth / g.contentWidth;
  const sy = g.frameHeight / g.contentHeight;
  const clip = (v: number, max: number) => Math.min(max, Math.max(0, v));
  const box: Box = [
    clip((Math.min(x1, x2) - g.padLeft) * sx, g.frameWidth),
    clip((Math.min(y1, y2) - g.padTop) * sy, g.frameHeight),
    clip((Math.max(x1, x2) - g.padLeft) * sx, g.frameWidth),
    clip((Math.max(y1, y2) - g.padTop) * sy, g.frameHeight),
  ];
  if (!box.every(Number.isFinite) || box[2] <= box[0] || box[3] <= box[1]) return null;
  return box;
}

import type { Frame } from "../../domain/task.js";
import type { FrameType } from "./frame.type.js";

export function toFrameType(frame: Frame): FrameType {
  return { index: frame.index, name: frame.name, width: frame.width, height: frame.height, sizeBytes: frame.sizeBytes };
}

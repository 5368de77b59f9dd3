import type { MaskRle } from "./gen/annotation/v1/frame_pb.js";

/**
 * CVAT's mask as plain data: the `annotation.v1.MaskRle` message without protobuf's bookkeeping, for code that keeps
 * masks outside messages (a model's output, a stored annotation). `counts` are alternating run lengths over the
 * pixels of the inclusive box left..right × top..bottom, row-major, and the first run counts background (0) pixels
 * (it may be 0).
 */
export type PlainMaskRle = Omit<MaskRle, "$typeName" | "$unknown">;

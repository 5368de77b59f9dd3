import type { DecodedImage } from "./decoded-image.js";
import type { DetectOptions } from "./detection-model.js";

/** The frame and options every catalog model accepts; programming errors, hence RangeError. */
export function assertDetectInput(image: DecodedImage, options: DetectOptions): void {
  if (image.data.length !== image.width * image.height * 3 || image.width < 1 || image.height < 1) {
    throw new RangeError(`image data holds ${image.data.length} bytes, not ${image.width}x${image.height} RGB`);
  }
  if (!(options.threshold >= 0 && options.threshold <= 1)) {
    throw new RangeError(`threshold must be within [0, 1], got ${options.threshold}`);
  }
}

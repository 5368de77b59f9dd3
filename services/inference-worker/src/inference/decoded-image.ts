/**
 * A decoded frame as every model here consumes it: 8-bit RGB, interleaved, row-major,
 * EXIF orientation already applied, no alpha. `data.length === width * height * 3`.
 */
export interface DecodedImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

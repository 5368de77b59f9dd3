/** What any model returns for one frame, in original image pixels, before label mapping. */
export interface Detection {
  label: string;
  score: number;
  box: [number, number, number, number];
  /** Flat x,y pairs of a simplified outline, for models that return masks. */
  polygon?: number[];
  /** CVAT-convention RLE of the region, for models that return masks. */
  mask?: { counts: number[]; left: number; top: number; right: number; bottom: number };
  attributes?: Record<string, string>;
  keypoints?: { label: string; x: number; y: number; score: number }[];
}

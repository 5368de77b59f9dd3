import { Field, Float, InputType, Int, registerEnumType } from "type-graphql";
import { DEFAULT_TILE_MERGE, DEFAULT_TILE_OVERLAP, TILING_LIMITS, TileMerges, type TileMerge } from "../../domain/tiling.js";

/**
 * The run options startAutoAnnotation shares with previewAutoAnnotation, evaluateModel and startAutoAnnotationBatch:
 * per-class thresholds and tiling (the output types are in run-options.type.ts).
 */

export const TileMergeEnum = Object.fromEntries(TileMerges.map((m) => [m, m])) as { [K in TileMerge]: K };

registerEnumType(TileMergeEnum, {
  name: "TileMerge",
  description: "How detections of overlapping tiles (and of the whole frame) become one set, class by class.",
  valuesConfig: {
    NMS: { description: "Non-maximum suppression: of overlapping boxes, the highest-scoring one is kept." },
    WBF: { description: "Weighted boxes fusion: overlapping boxes become one box, their coordinates averaged by score." },
  },
});

@InputType("LabelThresholdInput", { description: "A task label's own confidence threshold." })
export class LabelThresholdInput {
  @Field({ description: "The task label's name (matched ignoring case and spacing) or id." })
  label: string;

  @Field(() => Float, { description: "In (0, 1]: the label's shapes are kept from this score." })
  threshold: number;
}

@InputType("TilingInput", {
  description:
    "Small objects: the frame is cut into square tiles that overlap, each run through the model beside the whole frame, and the detections merged so an object on a tile edge is one shape.",
})
export class TilingInput {
  @Field(() => Int, { description: `${TILING_LIMITS.tileSize.min}..${TILING_LIMITS.tileSize.max}: the tiles' side in pixels.` })
  tileSize: number;

  @Field(() => Float, {
    nullable: true,
    defaultValue: DEFAULT_TILE_OVERLAP,
    description: "In [0, 0.5]: how much neighbouring tiles overlap, as a fraction of the tile.",
  })
  overlap?: number | null;

  @Field(() => TileMergeEnum, { nullable: true, defaultValue: DEFAULT_TILE_MERGE })
  merge?: TileMerge | null;
}

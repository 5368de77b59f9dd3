import type { AttributeValue, MaskRle } from "../staged-shape.js";
import type { AnnotationSource, ShapeType, ValidLabel } from "../label-types.js";

/**
 * The one shape every annotation format is read into and written from (COCO, CVAT for images 1.1, YOLO): labels by
 * name, frames by file name, so a file made elsewhere can be matched to a task and a task written out for elsewhere.
 * Readers yield shapes as they parse and writers take them as an async stream, so a task of 100,000 shapes never sits
 * in memory whole.
 */
export interface InterchangeFrame {
  /** The task's frame index when written from a task; a reader knows only names. */
  index: number | null;
  /** The file name as the format carries it (COCO `file_name`, CVAT `name`, YOLO's label file stem). */
  name: string;
  width: number | null;
  height: number | null;
}

export interface InterchangeShape {
  frameName: string;
  /** The label's name as the file spells it (for elements: the skeleton point's name). */
  label: string;
  type: Exclude<ShapeType, ShapeType.ANY>;
  /** Flat [x1, y1, x2, y2, …] in pixels of the frame; RECTANGLE is [x1, y1, x2, y2]; TAG and SKELETON have none. */
  points: number[];
  /** MASK only: CVAT's run-length convention (services/task's MaskRle). */
  mask: MaskRle | null;
  score: number | null;
  attributes: AttributeValue[];
  occluded: boolean;
  outside: boolean;
  /** SKELETON only: one POINTS element per skeleton point, `label` = the point's name. */
  elements: InterchangeShape[];
  /** Written by exports; readers say MANUAL (an imported shape was made by someone, not a run here). */
  source: AnnotationSource;
  /**
   * Readers only: why this shape has no equivalent in a task (a rotated box, a cuboid); importAnnotations skips it
   * and counts the reason. Absent on every shape a task can hold.
   */
  unsupported?: string;
}

/** What a file says before its shapes: its labels (as far as the format knows them) and its frames. */
export interface InterchangeHeader {
  labels: ValidLabel[];
  frames: InterchangeFrame[];
}

export enum AnnotationFormat {
  COCO_INSTANCES = "COCO_INSTANCES",
  /** COCO's detection-results list (image_id, category_id, bbox/segmentation, score); export only. */
  COCO_RESULTS = "COCO_RESULTS",
  CVAT_IMAGES = "CVAT_IMAGES",
  YOLO_DETECT = "YOLO_DETECT",
  YOLO_SEGMENT = "YOLO_SEGMENT",
}

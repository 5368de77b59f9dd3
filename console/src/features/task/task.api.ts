/**
 * The task page's port to the API: operation strings and hand-written result types, read from
 * gateway/supergraph.graphql. The lead replaces these with the generated documents (same selections).
 */

export type ShapeType = "RECTANGLE" | "POLYGON" | "POLYLINE" | "POINTS" | "MASK" | "SKELETON" | "TAG" | "ANY";
export type AnnotationSource = "MANUAL" | "AUTO";
export type JobStatus = "QUEUED" | "RUNNING" | "COMMITTING" | "COMPLETED" | "FAILED" | "CANCELLING" | "CANCELLED";

export interface AttributeSpec {
  name: string;
  inputType: "SELECT" | "RADIO" | "CHECKBOX" | "NUMBER" | "TEXT";
  values: string[];
  defaultValue: string | null;
}

export interface Label {
  id: string;
  name: string;
  type: ShapeType;
  attributes: AttributeSpec[];
  sublabels: Label[];
}

export interface Frame {
  index: number;
  name: string;
  /** Null when the bytes are not a readable image. */
  width: number | null;
  height: number | null;
  sizeBytes: number;
}

/** A frame's pixels from `Frame.image(maxSize)`: EXIF-rotated, fit inside maxSize, as a data: URL (the CSP allows img-src data:). */
export interface FrameImage {
  dataUrl: string;
  width: number;
  height: number;
}

/** A frame as the grid lists it, with its thumbnail (null when the bytes are not a readable image). */
export interface GridFrame extends Frame {
  thumbnail: FrameImage | null;
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface MaskRle {
  counts: number[];
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** One shape; a skeleton's points are shapes too (see Annotation.elements). */
export interface AnnotationShape {
  id: string;
  frame: number;
  label: { id: string; name: string };
  type: ShapeType;
  points: number[];
  mask: MaskRle | null;
  score: number | null;
  source: AnnotationSource;
  jobId: string | null;
  attributes: { name: string; value: string }[];
  occluded: boolean;
  outside: boolean;
}

export interface Annotation extends AnnotationShape {
  /** Skeleton points, each labelled with one of the skeleton label's sublabels. */
  elements: AnnotationShape[];
}

export interface LabelMapping {
  modelLabel: string;
  taskLabelId: string;
  taskLabel: string;
  attributes: { modelAttribute: string; taskAttribute: string }[];
  sublabels: { modelLabel: string; taskLabel: string }[];
}

export interface AutoAnnotationJob {
  id: string;
  status: JobStatus;
  model: { id: string; name: string };
  framesTotal: number;
  framesDone: number;
  framesFailed: number;
  fps: number | null;
  etaSeconds: number | null;
  threshold: number;
  convertMasksToPolygons: boolean;
  cleanOldAnnotations: boolean;
  mapping: LabelMapping[];
  droppedAttributeValues: number;
  unmappedDetections: number;
  failures: { frame: number; code: string; reason: string }[];
  failureCode: string | null;
  failureReason: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface TaskHeader {
  id: string;
  name: string;
  size: number;
  createdAt: string;
  labels: Label[];
  autoAnnotationJobs: AutoAnnotationJob[];
}

/** Frames per thumbnail page; the server allows at most 500 frames, and renders at most 100 images an operation. */
export const FRAME_PAGE_SIZE = 60;
/** Longest side of a thumbnail, in pixels (TaskFramesQuery's `image(maxSize: 160)`). */
export const THUMBNAIL_SIZE = 160;
/** Longest side of the frame the viewer shows (the server's maximum). */
export const VIEWER_IMAGE_SIZE = 2048;
/**
 * Annotations per request when loading one frame. Not the server's maximum page (500): the gateway's cost limit
 * (MAX_QUERY_COST, 100,000 by default) counts each shape's fields and its skeleton `elements`, and refuses 500 with
 * QUERY_TOO_COMPLEX (about 680 per shape).
 */
export const ANNOTATION_PAGE_SIZE = 100;
/** Jobs listed on the page (newest first; the server allows 500). */
export const JOB_LIST_SIZE = 20;

const ATTRIBUTE_SPEC = "name inputType values defaultValue";

/** The task without its frames (they are paged by TaskFramesQuery) and its newest jobs. */
export const TaskPageQuery = /* GraphQL */ `
  query TaskPage($id: ID!, $jobs: Int!) {
    task(id: $id) {
      id
      name
      size
      createdAt
      labels {
        id
        name
        type
        attributes { ${ATTRIBUTE_SPEC} }
        sublabels { id name type attributes { ${ATTRIBUTE_SPEC} } }
      }
      autoAnnotationJobs(first: $jobs) {
        id
        status
        model { id name }
        framesTotal
        framesDone
        framesFailed
        fps
        etaSeconds
        threshold
        convertMasksToPolygons
        cleanOldAnnotations
        mapping {
          modelLabel
          taskLabelId
          taskLabel
          attributes { modelAttribute taskAttribute }
          sublabels { modelLabel taskLabel }
        }
        droppedAttributeValues
        unmappedDetections
        failures { frame code reason }
        failureCode
        failureReason
        createdAt
        finishedAt
      }
    }
  }
`;
export interface TaskPageResult {
  task: TaskHeader | null;
}
export interface TaskPageVariables {
  id: string;
  jobs: number;
}

export const TaskFramesQuery = /* GraphQL */ `
  query TaskFrames($id: ID!, $first: Int!, $after: String) {
    task(id: $id) {
      id
      frames(first: $first, after: $after) {
        totalCount
        edges {
          cursor
          node {
            index
            name
            width
            height
            sizeBytes
            thumbnail: image(maxSize: 160) {
              dataUrl
              width
              height
            }
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;
export interface TaskFramesResult {
  task: {
    id: string;
    frames: { totalCount: number; edges: { cursor: string; node: GridFrame }[]; pageInfo: PageInfo };
  } | null;
}
export interface TaskFramesVariables {
  id: string;
  first: number;
  after: string | null;
}

/** The opened frame's image, large (its own query: the grid's page stays small). */
export const FrameImageQuery = /* GraphQL */ `
  query FrameImage($id: ID!, $index: Int!, $maxSize: Int!) {
    task(id: $id) {
      id
      frame(index: $index) {
        index
        image(maxSize: $maxSize) {
          dataUrl
          width
          height
        }
      }
    }
  }
`;
export interface FrameImageResult {
  task: { id: string; frame: { index: number; image: FrameImage | null } | null } | null;
}
export interface FrameImageVariables {
  id: string;
  index: number;
  maxSize: number;
}

const ANNOTATION_FIELDS = `
  id frame label { id name } type points score source jobId occluded outside
  attributes { name value }
  mask { counts left top right bottom }
`;

/** One frame's annotations, a page at a time; skeleton points come in `elements`. */
export const FrameAnnotationsQuery = /* GraphQL */ `
  query FrameAnnotations($id: ID!, $frame: Int!, $first: Int!, $after: String) {
    task(id: $id) {
      id
      annotations(frame: $frame, first: $first, after: $after) {
        edges { node { ${ANNOTATION_FIELDS} elements { ${ANNOTATION_FIELDS} } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;
export interface FrameAnnotationsResult {
  task: { id: string; annotations: { edges: { node: Annotation }[]; pageInfo: PageInfo } } | null;
}
export interface FrameAnnotationsVariables {
  id: string;
  frame: number;
  first: number;
  after: string | null;
}

/** Sent as the `operations` of a GraphQL multipart request (frame-upload.client.ts). */
export const AddFramesMutation = /* GraphQL */ `
  mutation AddFrames($taskId: ID!, $files: [Upload!]!) {
    addFrames(taskId: $taskId, files: $files) {
      id
      size
    }
  }
`;
export interface AddFramesResult {
  addFrames: { id: string; size: number };
}

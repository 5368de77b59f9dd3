export { TaskPage, type AutoAnnotationSlotContext, type TaskPageProps } from "./task-page.js";
export { FrameViewer, type FrameViewerProps } from "./frame-viewer.js";
export { decodeMaskRle, MaskRleError, type DecodedMask } from "./mask-rle.decoder.js";
export { labelColor } from "./label-color.js";
export {
  uploadFrames,
  buildAddFramesBody,
  type UploadFramesRequest,
  type UploadFramesResult,
  type UploadError,
} from "./frame-upload.client.js";
export type { Annotation, AutoAnnotationJob, Frame, Label, TaskHeader } from "./task.api.js";

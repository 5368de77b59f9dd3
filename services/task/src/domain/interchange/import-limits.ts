/** How much one importAnnotations may bring (ANNOTATION_IMPORT_MAX_BYTES, ANNOTATION_IMPORT_MAX_SHAPES). */
export interface AnnotationImportLimits {
  /** Largest file, in bytes. */
  maxBytes: number;
  /** Most top-level shapes in one file. */
  maxShapes: number;
}

/**
 * 64 MiB and a million shapes. 64 MiB with its operation stays under the task's default MAX_UPLOAD_REQUEST_BYTES
 * (100 MiB), so the subgraph's multipart limits (config.ts, frameUploadLimits) are addFrames' as before.
 */
export const DEFAULT_ANNOTATION_IMPORT_LIMITS: AnnotationImportLimits = { maxBytes: 64 * 1024 * 1024, maxShapes: 1_000_000 };

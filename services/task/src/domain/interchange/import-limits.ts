/** How much one importAnnotations may bring (ANNOTATION_IMPORT_MAX_BYTES, ANNOTATION_IMPORT_MAX_SHAPES). */
export interface AnnotationImportLimits {
  /** Largest file, in bytes. */
  maxBytes: number;
  /** Most top-level shapes in one file. */
  maxShapes: number;
}

/** 256 MiB (fits the gateway's default 257 MiB upload limit with its operation) and a million shapes. */
export const DEFAULT_ANNOTATION_IMPORT_LIMITS: AnnotationImportLimits = { maxBytes: 256 * 1024 * 1024, maxShapes: 1_000_000 };

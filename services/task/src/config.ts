import { isAbsolute } from "node:path";
import { commonEnv, databaseEnv, httpEnv, identityEnv, withCloudEnvRules, type UploadLimits } from "@prelabel/service-kit";
import { z } from "zod";
import { DEFAULT_ANNOTATION_IMPORT_LIMITS } from "./domain/interchange/import-limits.js";
import { DEFAULT_SAVE_ANNOTATIONS_LIMITS } from "./application/annotation-edit.service.js";
import { DEFAULT_LABEL_SCHEMA_LIMITS } from "./domain/label-schema.js";

const flag = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");

/** A day: an import still running after that has lost its claims (it then fails rather than reference missing bytes). */
export const DEFAULT_FRAME_CLAIM_TTL_MS = 24 * 60 * 60 * 1000;

const MiB = 1024 * 1024;
/** Room for addVideo's operation, map and multipart framing next to the video. */
export const VIDEO_OPERATION_BYTES = 64 * 1024;

/** Video limits when unset: 256 MiB (the gateway's default upload limit holds it), 36,000 frames (20 min at 30 fps), 4K UHD, 30 min. */
export const DEFAULT_VIDEO_LIMITS = {
  maxBytes: 256 * MiB,
  maxFrames: 36_000,
  maxPixels: 3840 * 2160,
  timeoutMs: 30 * 60 * 1000,
} as const;

const optionalPath = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined))
  .refine((v) => v === undefined || isAbsolute(v), "an absolute path");
/** How long saveAnnotations waits for a job commit on the same task before ANNOTATIONS_BUSY. */
export const DEFAULT_SAVE_ANNOTATIONS_LOCK_WAIT_MS = 2_000;

/** Every variable the task service reads; parsed once, in main.ts. */
/** Five minutes: a download link is for the download about to start, not for sharing. */
export const DEFAULT_EXPORT_TOKEN_TTL_MS = 5 * 60 * 1000;

export const taskConfigSchema = withCloudEnvRules(
  z.object({
    ...commonEnv,
    ...identityEnv,
    ...httpEnv,
    PORT: httpEnv.PORT.default(4001),
    ...databaseEnv,
    /** importFrames reads only directories below this one; unset disables importFrames. */
    IMPORT_ROOT: z
      .string()
      .optional()
      .transform((v) => (v?.trim() ? v.trim() : undefined))
      .refine((v) => v === undefined || isAbsolute(v), "an absolute path"),
    /** Largest accepted frame file, per file (upload or import). */
    MAX_UPLOAD_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(50 * 1024 * 1024),
    /** Images declaring more pixels are stored but get no width/height (workers report them as failed frames). */
    MAX_FRAME_PIXELS: z.coerce.number().positive().default(100e6),
    /** Most files in one addFrames request. */
    MAX_UPLOAD_FILES: z.coerce.number().int().positive().default(500),
    /** createTask refuses bigger label schemas (INVALID_LABEL_SCHEMA): labels in a task, skeleton sublabels included. */
    LABEL_SCHEMA_MAX_LABELS: z.coerce.number().int().positive().default(DEFAULT_LABEL_SCHEMA_LIMITS.maxLabels),
    /** Attributes of one label. */
    LABEL_SCHEMA_MAX_ATTRIBUTES: z.coerce.number().int().positive().default(DEFAULT_LABEL_SCHEMA_LIMITS.maxAttributes),
    /** Values of one attribute. */
    LABEL_SCHEMA_MAX_VALUES: z.coerce.number().int().positive().default(DEFAULT_LABEL_SCHEMA_LIMITS.maxValues),
    /** The whole schema as JSON, in bytes; raise it only with NATS's max_payload (describe-task carries the labels). */
    LABEL_SCHEMA_MAX_BYTES: z.coerce.number().int().positive().default(DEFAULT_LABEL_SCHEMA_LIMITS.maxBytes),
    /** Largest whole addFrames request (all its files and the operation), in bytes; refused up front when declared. */
    MAX_UPLOAD_REQUEST_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(100 * 1024 * 1024),
    /** Sweep the frames bucket once at start (in the background): removes objects no frame references. */
    FRAME_GC_ON_START: flag.default(true),
    /** saveAnnotations refuses more created, updated and deleted annotations in one save (TOO_MANY_ANNOTATIONS). */
    SAVE_ANNOTATIONS_MAX_ITEMS: z.coerce.number().int().positive().default(DEFAULT_SAVE_ANNOTATIONS_LIMITS.maxItems),
    /** Points (coordinate pairs) one saved shape may have (INVALID_ANNOTATION beyond). */
    ANNOTATION_MAX_POINTS: z.coerce.number().int().positive().default(DEFAULT_SAVE_ANNOTATIONS_LIMITS.maxPointsPerShape),
    /** How long saveAnnotations waits for a job commit holding the task's annotations (0: not at all), then ANNOTATIONS_BUSY. */
    SAVE_ANNOTATIONS_LOCK_WAIT_MS: z.coerce.number().int().min(0).default(DEFAULT_SAVE_ANNOTATIONS_LOCK_WAIT_MS),
    /** Import claims older than this are taken as dead imports' and expired by the sweep. */
    FRAME_CLAIM_TTL_MS: z.coerce.number().int().positive().default(DEFAULT_FRAME_CLAIM_TTL_MS),
    /** Largest video file (addVideo upload or importVideo file), in bytes; keep the gateway's MAX_UPLOAD_BYTES above it. */
    VIDEO_MAX_BYTES: z.coerce.number().int().positive().default(DEFAULT_VIDEO_LIMITS.maxBytes),
    /** Most frames a video task may get (the frames selected, after frameStep/startFrame/stopFrame). */
    VIDEO_MAX_FRAMES: z.coerce.number().int().positive().default(DEFAULT_VIDEO_LIMITS.maxFrames),
    /** Largest coded width × height of a video. */
    VIDEO_MAX_PIXELS: z.coerce.number().int().positive().default(DEFAULT_VIDEO_LIMITS.maxPixels),
    /** Wall-time limit of ffprobe and of ffmpeg's decoding of one video, in ms (then killed: VIDEO_TOO_LARGE). */
    VIDEO_DECODE_TIMEOUT_MS: z.coerce.number().int().positive().default(DEFAULT_VIDEO_LIMITS.timeoutMs),
    /** ffmpeg and ffprobe to run, both or neither; unset: the pair on PATH, else the npm packages' static builds. */
    FFMPEG_PATH: optionalPath,
    FFPROBE_PATH: optionalPath,
    /** The host's search path: ffmpeg and ffprobe found there (both) are preferred to the npm packages' builds. */
    PATH: z.string().optional(),
    /**
     * The HMAC key of annotation download tokens (at least 32 characters), the same on every replica. Unset: a random
     * key per process (self-hosted, one replica; links die with a restart). Required when PRELABEL_MODE=cloud.
     */
    EXPORT_TOKEN_SECRET: z
      .string()
      .optional()
      .transform((v) => (v?.trim() ? v.trim() : undefined))
      .refine((v) => v === undefined || v.length >= 32, "at least 32 characters"),
    /** How long an exportAnnotations download link is valid. */
    EXPORT_TOKEN_TTL_MS: z.coerce.number().int().positive().default(DEFAULT_EXPORT_TOKEN_TTL_MS),
    /** Downloads of one tenant streaming at once, per replica; more are refused (TOO_MANY_EXPORTS, HTTP 429). */
    EXPORT_MAX_CONCURRENT_PER_TENANT: z.coerce.number().int().positive().default(2),
    /** Put in front of download links' `/exports/<token>` (the gateway's public origin); unset: relative links. */
    EXPORT_PUBLIC_URL: z
      .string()
      .optional()
      .transform((v) => (v?.trim() ? v.trim().replace(/\/+$/, "") : ""))
      .refine((v) => v === "" || /^https?:\/\/[^/]+/.test(v), "an http(s) URL"),
    /**
     * Largest importAnnotations file, in bytes (ANNOTATION_FILE_TOO_LARGE past it). Above MAX_UPLOAD_REQUEST_BYTES (less
     * 64 KiB) it widens the whole-request multipart limit for every upload (frameUploadLimits); past the gateway's
     * MAX_UPLOAD_BYTES (257 MiB) the gateway refuses first: raise them together.
     */
    ANNOTATION_IMPORT_MAX_BYTES: z.coerce.number().int().positive().default(DEFAULT_ANNOTATION_IMPORT_LIMITS.maxBytes),
    /** Most top-level shapes one importAnnotations file may hold (ANNOTATION_FILE_TOO_LARGE past it). */
    ANNOTATION_IMPORT_MAX_SHAPES: z.coerce.number().int().positive().default(DEFAULT_ANNOTATION_IMPORT_LIMITS.maxShapes),
  }),
).superRefine((v, ctx) => {
  if (v.PRELABEL_MODE === "cloud" && !v.EXPORT_TOKEN_SECRET)
    ctx.addIssue({ code: "custom", path: ["EXPORT_TOKEN_SECRET"], message: "required when PRELABEL_MODE=cloud" });
});

export type TaskConfig = z.infer<typeof taskConfigSchema>;

/** Room for importAnnotations' operation (its mapping) and the multipart framing beside the file. */
export const ANNOTATION_UPLOAD_OVERHEAD_BYTES = 64 * 1024;

/**
 * The subgraph server's multipart limits, one set for every upload it takes (the parser cannot tell the mutations
 * apart): a file may be as large as the largest of a frame (MAX_UPLOAD_BYTES), a video (VIDEO_MAX_BYTES) and an
 * annotation file (ANNOTATION_IMPORT_MAX_BYTES), and a request as large as the largest of addFrames' whole request and
 * one video or annotation file with its operation. Each mutation then holds its own files to its own limit as it reads
 * them: addFrames a frame past MAX_UPLOAD_BYTES, addVideo a video past VIDEO_MAX_BYTES, importAnnotations a file past
 * ANNOTATION_IMPORT_MAX_BYTES.
 */
export const frameUploadLimits = (config: TaskConfig): UploadLimits => ({
  maxFileSize: Math.max(config.MAX_UPLOAD_BYTES, config.VIDEO_MAX_BYTES, config.ANNOTATION_IMPORT_MAX_BYTES),
  maxFiles: config.MAX_UPLOAD_FILES,
  maxRequestBytes: Math.max(
    config.MAX_UPLOAD_REQUEST_BYTES,
    config.VIDEO_MAX_BYTES + VIDEO_OPERATION_BYTES,
    config.ANNOTATION_IMPORT_MAX_BYTES + ANNOTATION_UPLOAD_OVERHEAD_BYTES,
  ),
});

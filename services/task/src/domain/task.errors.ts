import { AppError, ErrorCode } from "@prelabel/service-kit";
import { TaskErrorCode } from "./task-error-codes.js";

/** The task context's expected failures, each with a stable code and a message safe to show a client. */
export const TaskErrors = {
  taskNotFound: (id: string) => new AppError(ErrorCode.NotFound, `Task ${id} does not exist`, { taskId: id }),
  badCursor: (argument = "after") => new AppError(ErrorCode.BadUserInput, `"${argument}" is not a cursor this connection issued`),
  badPageSize: (max: number) => new AppError(ErrorCode.BadUserInput, `"first" must be between 0 and ${max}`),
  invalidPath: (message: string) => new AppError(TaskErrorCode.InvalidPath, message),
  payloadTooLarge: (name: string, maxBytes: number) =>
    new AppError(ErrorCode.PayloadTooLarge, `File "${name}" exceeds the ${maxBytes} byte limit per frame`, { file: name, maxBytes }),
  noFiles: () => new AppError(ErrorCode.BadUserInput, "No files were given"),
  badImageSize: (min: number, max: number) => new AppError(ErrorCode.BadUserInput, `"maxSize" must be between ${min} and ${max}`),
  tooManyFrameImages: (max: number) =>
    new AppError(TaskErrorCode.TooManyFrameImages, `At most ${max} frame images per operation; ask for the rest in another request`, {
      max,
    }),
  tooManyTrackShapes: (max: number) =>
    new AppError(
      TaskErrorCode.TooManyTrackShapes,
      `At most ${max} track shapes per operation; ask for fewer tracks at a time (first), or for keyframes only`,
      { max },
    ),
  invalidVideo: (message: string) => new AppError(TaskErrorCode.InvalidVideo, message),
  unsupportedCodec: (message: string) => new AppError(TaskErrorCode.UnsupportedCodec, message),
  videoTooLarge: (message: string, limit: Record<string, number>) => new AppError(TaskErrorCode.VideoTooLarge, message, limit),
  taskNotEmpty: (id: string) =>
    new AppError(TaskErrorCode.TaskNotEmpty, `Task ${id} already has frames; a video goes only into a task without frames`, { taskId: id }),
  videoTask: (id: string) =>
    new AppError(TaskErrorCode.VideoTask, `Task ${id} is a video task; frames cannot be added to it`, { taskId: id }),
  badVideoOptions: (message: string) => new AppError(ErrorCode.BadUserInput, message),
  invalidExportToken: () =>
    new AppError(TaskErrorCode.InvalidExportToken, "This download link is not valid; ask exportAnnotations for a new one"),
  exportTokenExpired: () =>
    new AppError(TaskErrorCode.ExportTokenExpired, "This download link has expired; ask exportAnnotations for a new one"),
  tooManyExports: (max: number) =>
    new AppError(TaskErrorCode.TooManyExports, `At most ${max} downloads of a tenant run at once; try again when one has finished`, {
      max,
    }),
  badMinScore: () => new AppError(ErrorCode.BadUserInput, '"minScore" must be a number between 0 and 1'),
  invalidAnnotationFile: (format: string, reason: string, details: Record<string, unknown> = {}, cause?: unknown) =>
    new AppError(TaskErrorCode.InvalidAnnotationFile, `Not a valid ${format} file: ${reason}`, { format, reason, ...details }, { cause }),
  annotationFileTooLarge: (maxBytes: number) =>
    new AppError(
      TaskErrorCode.AnnotationFileTooLarge,
      `The annotation file exceeds the ${maxBytes} byte limit (ANNOTATION_IMPORT_MAX_BYTES)`,
      {
        maxBytes,
      },
    ),
  tooManyImportedShapes: (maxShapes: number) =>
    new AppError(
      TaskErrorCode.AnnotationFileTooLarge,
      `The annotation file holds more than ${maxShapes} shapes (ANNOTATION_IMPORT_MAX_SHAPES); split it or import with a higher limit`,
      { maxShapes },
    ),
  annotationsConflict: (message: string, details: Record<string, unknown>) =>
    new AppError(TaskErrorCode.Conflict, `${message}; nothing was saved: read the annotations again and retry`, details),
  invalidAnnotations: (problems: readonly { path: string; message: string }[], total: number) =>
    new AppError(
      TaskErrorCode.InvalidAnnotation,
      `Invalid annotation: ${problems[0].path}: ${problems[0].message}${total > 1 ? ` (and ${total - 1} more problem${total > 2 ? "s" : ""})` : ""}; nothing was saved`,
      { problems, total },
    ),
  annotationsBusy: (taskId: string) =>
    new AppError(
      TaskErrorCode.AnnotationsBusy,
      `A job's results are being committed to task ${taskId}; nothing was saved: try again shortly`,
      {
        taskId,
      },
    ),
  tooManyAnnotations: (count: number, max: number) =>
    new AppError(TaskErrorCode.TooManyAnnotations, `${count} annotations in one save, more than the ${max} allowed; save them in parts`, {
      count,
      max,
    }),
  badReviewPageSize: (max: number) => new AppError(ErrorCode.BadUserInput, `"first" must be between 1 and ${max}`),
  noReviewIds: () => new AppError(ErrorCode.BadUserInput, '"ids" must name at least one annotation'),
  tooManyReviewIds: (count: number, max: number) =>
    new AppError(
      TaskErrorCode.TooManyAnnotations,
      `${count} ids in one resolveReview, more than the ${max} allowed; resolve them in parts`,
      {
        count,
        max,
      },
    ),
  reviewAnnotationsNotFound: (taskId: string, ids: readonly string[]) =>
    new AppError(
      ErrorCode.NotFound,
      `Annotation ${ids[0]}${ids.length > 1 ? ` (and ${ids.length - 1} more)` : ""} is not an annotation of task ${taskId}; nothing was changed`,
      { taskId, ids },
    ),
  notFlaggedForReview: (taskId: string, ids: readonly string[]) =>
    new AppError(
      TaskErrorCode.NotFlaggedForReview,
      `Annotation ${ids[0]}${ids.length > 1 ? ` (and ${ids.length - 1} more)` : ""} of task ${taskId} does not need review; nothing was changed`,
      { taskId, ids },
    ),
} as const;

import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import { AppError, ErrorCode, RequestTooLargeError } from "@prelabel/service-kit";
import { readCocoInstances } from "../domain/interchange/coco.reader.js";
import { readCvatImages } from "../domain/interchange/cvat-images.reader.js";
import { FrameMatcher, LabelMatcher, type ImportLabelMappingRequest, type TaskFrameRef } from "../domain/interchange/import-matching.js";
import { ImportReportBuilder, type AnnotationImportReport } from "../domain/interchange/import-report.js";
import { checkImportedShape, ImportSkipReason } from "../domain/interchange/import-validation.js";
import { AnnotationFormat } from "../domain/interchange/interchange.js";
import { invalidFile, type InterchangeDocument } from "../domain/interchange/interchange-reader.js";
import { readYolo, type ZipArchive } from "../domain/interchange/yolo.reader.js";
import type { LabelNode } from "../domain/label-types.js";
import type { AnnotationDraft, StagedShape } from "../domain/staged-shape.js";
import { TaskErrorCode } from "../domain/task-error-codes.js";
import { TaskErrors } from "../domain/task.errors.js";
import type { AnnotationImportRepository } from "../persistence/annotation-import.repository.js";
import type { SpooledFile } from "../persistence/upload-spool.js";
import type { AnnotationImportLimits } from "../domain/interchange/import-limits.js";

/** The uploaded file, opened: a name and its byte stream (graphql/annotation's upload mapper makes one). */
export interface UploadedFile {
  name: string;
  open(): Promise<Readable>;
}

export interface AnnotationImportDeps {
  tasks: { findById(tenantId: string, id: string): Promise<unknown>; labelTrees(tenantId: string, ids: readonly string[]): Promise<Map<string, LabelNode[]>> };
  imports: Pick<AnnotationImportRepository, "frames" | "inTransaction">;
  /** Writes the upload to a temp file, within maxBytes (SpoolLimitError past it). */
  spool(stream: Readable, maxBytes: number): Promise<SpooledFile>;
  /** Opens a spooled zip for the YOLO reader (ZipReadError when it is not a readable zip). */
  openZip(path: string): Promise<ZipArchive & { close(): void }>;
  limits: AnnotationImportLimits;
  /** Rows per INSERT (default 2,000; the rows travel as 11 column arrays, so the parameter count does not grow). */
  batchSize?: number;
}

export interface ImportRequest {
  format: AnnotationFormat;
  mapping?: readonly ImportLabelMappingRequest[] | null;
  partial?: boolean | null;
}

/**
 * importAnnotations: a COCO, CVAT or YOLO file's shapes become the task's MANUAL annotations. The upload is spooled
 * to a temp file (counted against ANNOTATION_IMPORT_MAX_BYTES), read by the format's streaming reader, each shape's
 * frame matched by name (FrameMatcher) and label by the mapping or a suggestion (LabelMatcher), checked against the
 * label schema and the frame (checkImportedShape), and inserted in batches inside one transaction. Not partial: any
 * shape that cannot go in fails the whole import (UNKNOWN_FRAME, UNKNOWN_LABEL, INVALID_ANNOTATION, the report in the
 * error's details) and nothing is stored; partial: those are skipped, counted and reported. Memory holds a batch,
 * the task's frame names and the report's counts, never the document.
 */
export class AnnotationImportService {
  constructor(private readonly deps: AnnotationImportDeps) {}

  async import(tenantId: string, taskId: string, file: UploadedFile, request: ImportRequest): Promise<AnnotationImportReport> {
    const { format } = request;
    const partial = request.partial ?? false;
    if (format === AnnotationFormat.COCO_RESULTS) {
      throw new AppError(ErrorCode.BadUserInput, "COCO_RESULTS is an export format; import detections as COCO_INSTANCES");
    }
    // Another tenant's task is NOT_FOUND, as an unknown id, before the file is read.
    if (!(await this.deps.tasks.findById(tenantId, taskId))) throw TaskErrors.taskNotFound(taskId);
    const labels = (await this.deps.tasks.labelTrees(tenantId, [taskId])).get(taskId) ?? [];
    const matcher = LabelMatcher.create(labels, request.mapping);
    if (Array.isArray(matcher)) {
      throw new AppError(TaskErrorCode.UnknownLabel, `The mapping names what the task does not have: ${matcher[0].message}`, {
        problems: matcher,
      });
    }

    const spooled = await this.spool(file);
    try {
      const zip = format === AnnotationFormat.YOLO_DETECT || format === AnnotationFormat.YOLO_SEGMENT ? await this.openZip(spooled, format) : null;
      try {
        const document = await this.read(format, spooled, zip);
        const frames = new FrameMatcher(await this.deps.imports.frames(tenantId, taskId));
        const report = await this.apply(tenantId, taskId, document, frames, matcher, format, partial);
        return report;
      } finally {
        zip?.close();
      }
    } finally {
      await spooled.remove();
    }
  }

  private async spool(file: UploadedFile): Promise<SpooledFile> {
    const { maxBytes } = this.deps.limits;
    let stream: Readable;
    try {
      stream = await file.open();
    } catch (err) {
      if (err instanceof RequestTooLargeError) throw err;
      if (isTooLarge(err)) throw TaskErrors.annotationFileTooLarge(maxBytes);
      throw err;
    }
    try {
      return await this.deps.spool(stream, maxBytes);
    } catch (err) {
      stream.destroy();
      if (err instanceof RequestTooLargeError) throw err;
      if (isTooLarge(err)) throw TaskErrors.annotationFileTooLarge(maxBytes);
      throw err;
    }
  }

  private async openZip(spooled: SpooledFile, format: AnnotationFormat.YOLO_DETECT | AnnotationFormat.YOLO_SEGMENT) {
    try {
      return await this.deps.openZip(spooled.path);
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw invalidFile(format, (err as Error).message, {}, err);
    }
  }

  private async read(format: AnnotationFormat, spooled: SpooledFile, zip: (ZipArchive & { close(): void }) | null): Promise<InterchangeDocument> {
    switch (format) {
      case AnnotationFormat.COCO_INSTANCES:
        return readCocoInstances(spooled.source);
      case AnnotationFormat.CVAT_IMAGES:
        return readCvatImages(spooled.source);
      case AnnotationFormat.YOLO_DETECT:
      case AnnotationFormat.YOLO_SEGMENT:
        return readYolo(zipReadErrorsAsInvalid(zip!, format), format);
      default:
        throw new AppError(ErrorCode.BadUserInput, `${String(format)} cannot be imported`);
    }
  }

  private async apply(
    tenantId: string,
    taskId: string,
    document: InterchangeDocument,
    frames: FrameMatcher,
    labels: LabelMatcher,
    format: AnnotationFormat,
    partial: boolean,
  ): Promise<AnnotationImportReport> {
    const report = new ImportReportBuilder(format, partial);
    for (const f of document.header.frames) {
      const m = frames.match(f.name);
      if (m.kind === "matched") report.frameMatched(f.name);
      else report.frameUnmatched(f.name, 0);
    }
    const batchSize = this.deps.batchSize ?? 2_000;
    const { maxShapes } = this.deps.limits;
    const outcome = await this.deps.imports.inTransaction(tenantId, taskId, async (insert) => {
      let batch: AnnotationDraft[] = [];
      let seen = 0;
      const frameSize = (name: string) => {
        const m = frames.match(name);
        return m.kind === "matched" && m.frame.width && m.frame.height ? { width: m.frame.width, height: m.frame.height } : null;
      };
      for await (const shape of document.shapes(frameSize)) {
        seen += 1;
        if (seen > maxShapes) throw TaskErrors.tooManyImportedShapes(maxShapes);
        const where = `frame "${shape.frameName}", label "${shape.label}"`;
        const frameMatch = frames.match(shape.frameName);
        if (frameMatch.kind !== "matched") {
          report.frameUnmatched(shape.frameName);
          if (frameMatch.kind === "ambiguous") {
            report.skip(ImportSkipReason.AmbiguousFrame, `${where}: ${frameMatch.candidates} task frames have that name`);
          } else report.skip(ImportSkipReason.UnmatchedFrame, `${where}: no task frame has that name`);
          continue;
        }
        const frame: TaskFrameRef = frameMatch.frame;
        report.frameMatched(shape.frameName);
        const labelMatch = labels.match(shape.label);
        if (!labelMatch) {
          report.labelUnmatched(shape.label);
          report.skip(ImportSkipReason.UnmatchedLabel, `${where}: no task label matches it`);
          continue;
        }
        report.labelMatched(shape.label, labelMatch);
        if (format.startsWith("YOLO") && (!frame.width || !frame.height)) {
          report.skip(ImportSkipReason.FrameWithoutSize, `${where}: the task's frame ${frame.index} has no known size for YOLO's normalised coordinates`);
          continue;
        }
        const checked = checkImportedShape(shape, labelMatch, frame);
        if (!checked.ok) {
          report.skip(checked.reason, `${where}: ${checked.message}`);
          continue;
        }
        if (checked.clipped) report.clipped += 1;
        report.imported += 1;
        report.importedElements += checked.shape.elements.length;
        // Not partial and already failing: the rest is only read for the report; nothing more is written.
        if (!partial && report.skipped > 0) continue;
        batch.push(...rowsOf(checked.shape, frame.index));
        if (batch.length >= batchSize) {
          await insert(batch);
          batch = [];
        }
      }
      const failure = partial ? null : report.failure();
      if (failure) throw importFailed(failure, report.build(false));
      await insert(batch);
      return report.build(true);
    });
    if (!outcome) throw TaskErrors.taskNotFound(taskId);
    return outcome;
  }
}

function rowsOf(shape: StagedShape, frame: number): AnnotationDraft[] {
  const id = randomUUID();
  const { elements, ...fields } = shape;
  return [{ ...fields, id, parentId: null, frame }, ...elements.map(({ elements: _, ...e }) => ({ ...e, id: randomUUID(), parentId: id, frame }))];
}

function importFailed(code: "UNKNOWN_FRAME" | "UNKNOWN_LABEL" | "INVALID_ANNOTATION", report: AnnotationImportReport): AppError {
  const first = report.skippedReasons.find((s) =>
    code === "UNKNOWN_FRAME"
      ? s.reason === ImportSkipReason.UnmatchedFrame || s.reason === ImportSkipReason.AmbiguousFrame
      : code === "UNKNOWN_LABEL"
        ? s.reason === ImportSkipReason.UnmatchedLabel
        : true,
  );
  const what =
    code === "UNKNOWN_FRAME"
      ? `${report.unmatchedFrames.filter((f) => f.shapes > 0).length} frame name(s) of the file match no frame of the task`
      : code === "UNKNOWN_LABEL"
        ? `label(s) ${report.unmatchedLabels.map((l) => `"${l.name}"`).join(", ")} match no label of the task`
        : `${report.skipped} shape(s) do not fit the task's label schema`;
  return new AppError(
    code,
    `Nothing was imported: ${what} (first: ${first?.examples[0] ?? "none"}). Fix the file or the mapping, or import with partial: true to skip them.`,
    { report },
  );
}

/** A zip whose entries fail to inflate is a malformed file, as a bad JSON document is. */
function zipReadErrorsAsInvalid(zip: ZipArchive, format: AnnotationFormat.YOLO_DETECT | AnnotationFormat.YOLO_SEGMENT): ZipArchive {
  return {
    files: zip.files,
    read: async (path) => {
      try {
        return await zip.read(path);
      } catch (err) {
        throw invalidFile(format, (err as Error).message, {}, err);
      }
    },
  };
}

function isTooLarge(err: unknown): boolean {
  if (err instanceof Error && (err.name === "SpoolLimitError" || (err as { code?: unknown }).code === "PAYLOAD_TOO_LARGE")) return true;
  return typeof err === "object" && err !== null && ((err as { status?: unknown }).status === 413 || (err as { statusCode?: unknown }).statusCode === 413);
}

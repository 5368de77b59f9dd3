import { PassThrough, Readable } from "node:stream";
import { ZipFile } from "yazl";
import { signExportToken, verifyExportToken, type ExportFilter, type ExportGrant } from "../domain/export-token.js";
import { writeCocoInstances, writeCocoResults } from "../domain/interchange/coco.writer.js";
import { writeCvatImages } from "../domain/interchange/cvat.writer.js";
import type { ExportSource, TextChunks } from "../domain/interchange/export-stream.js";
import { AnnotationFormat } from "../domain/interchange/interchange.js";
import { archivePath, yoloEntries, type ArchiveEntry } from "../domain/interchange/yolo.writer.js";
import type { LabelNode, ValidLabel } from "../domain/label-types.js";
import type { Frame, Task } from "../domain/task.js";
import { TaskErrors } from "../domain/task.errors.js";
import type { AnnotationExportReader } from "../persistence/annotation-export.reader.js";

/** A download link: the gateway's `/exports/<token>` (relative unless a public base URL is configured). */
export interface AnnotationExportLink {
  url: string;
  expiresAt: Date;
  fileName: string;
  contentType: string;
}

/** An export being streamed: what to call it and its bytes. Destroying `body` cancels the export. */
export interface AnnotationDownload {
  fileName: string;
  contentType: string;
  body: Readable;
}

export interface ExportLimits {
  /** How long a link stays valid. */
  tokenTtlMs: number;
  /** Downloads of one tenant running at once on this replica. */
  maxConcurrentPerTenant: number;
  /** Put in front of `/exports/<token>` (e.g. `https://prelabel.example.com`); empty: a relative URL. */
  publicBaseUrl: string;
}

export interface AnnotationExportDeps {
  tasks: {
    findById(tenantId: string, id: string): Promise<Task | null>;
    labelTrees(tenantId: string, taskIds: readonly string[]): Promise<Map<string, LabelNode[]>>;
  };
  reader: Pick<AnnotationExportReader, "frames" | "shapes">;
  /** A frame's bytes from the frames bucket; null when missing. */
  frameBytes(objectName: string): Promise<Uint8Array | null>;
  /** The HMAC key of download tokens (EXPORT_TOKEN_SECRET). */
  secret: string;
  limits: ExportLimits;
  now?: () => number;
}

const EXTENSION: Record<AnnotationFormat, string> = {
  [AnnotationFormat.COCO_INSTANCES]: "json",
  [AnnotationFormat.COCO_RESULTS]: "json",
  [AnnotationFormat.CVAT_IMAGES]: "xml",
  [AnnotationFormat.YOLO_DETECT]: "zip",
  [AnnotationFormat.YOLO_SEGMENT]: "zip",
};

const ANNOTATION_FILE: Record<AnnotationFormat, string> = {
  [AnnotationFormat.COCO_INSTANCES]: "annotations/instances_default.json",
  [AnnotationFormat.COCO_RESULTS]: "annotations/results.json",
  [AnnotationFormat.CVAT_IMAGES]: "annotations.xml",
  [AnnotationFormat.YOLO_DETECT]: "",
  [AnnotationFormat.YOLO_SEGMENT]: "",
};

const isZip = (format: AnnotationFormat, includeFrames: boolean) =>
  includeFrames || format === AnnotationFormat.YOLO_DETECT || format === AnnotationFormat.YOLO_SEGMENT;

const CONTENT_TYPE: Record<string, string> = { json: "application/json", xml: "application/xml", zip: "application/zip" };

/** What the export file is called and its type, from the grant alone (the link says it before the download). */
export function exportFileOf(
  taskName: string,
  format: AnnotationFormat,
  includeFrames: boolean,
): { fileName: string; contentType: string } {
  const extension = isZip(format, includeFrames) ? "zip" : EXTENSION[format];
  const base = taskName.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._]+|_+$/g, "") || "task";
  return { fileName: `${base}-${format.toLowerCase().replace(/_/g, "-")}.${extension}`, contentType: CONTENT_TYPE[extension] };
}

const toValidLabel = (l: LabelNode): ValidLabel => ({
  name: l.name,
  type: l.type,
  attributes: l.attributes,
  sublabels: l.sublabels.map(toValidLabel),
});

/**
 * Annotation exports: exportAnnotations checks the task is the caller's and signs a short-lived download token; the
 * download route (http/export-download.route.ts) redeems it and streams the file as it is written: shapes are read
 * page by page, frames one at a time, nothing of the task held whole. Downloads of one tenant run at most
 * `maxConcurrentPerTenant` at once on this replica.
 */
export class AnnotationExportService {
  private readonly running = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly deps: AnnotationExportDeps) {
    this.now = deps.now ?? Date.now;
  }

  async createLink(
    tenantId: string,
    taskId: string,
    format: AnnotationFormat,
    filter: ExportFilter,
    includeFrames: boolean,
  ): Promise<AnnotationExportLink> {
    if (filter.minScore !== null && !(filter.minScore >= 0 && filter.minScore <= 1)) throw TaskErrors.badMinScore();
    const task = await this.deps.tasks.findById(tenantId, taskId);
    if (!task) throw TaskErrors.taskNotFound(taskId);
    const expiresAt = this.now() + this.deps.limits.tokenTtlMs;
    const token = signExportToken({ tenantId, taskId: task.id, format, filter, includeFrames, expiresAt }, this.deps.secret);
    return {
      url: `${this.deps.limits.publicBaseUrl.replace(/\/+$/, "")}/exports/${token}`,
      expiresAt: new Date(expiresAt),
      ...exportFileOf(task.name, format, includeFrames),
    };
  }

  /** The grant of a token, or the AppError to answer (INVALID_EXPORT_TOKEN, EXPORT_TOKEN_EXPIRED). */
  redeem(token: string): ExportGrant {
    const grant = verifyExportToken(token, this.deps.secret, this.now());
    if ("refused" in grant) throw grant.refused === "expired" ? TaskErrors.exportTokenExpired() : TaskErrors.invalidExportToken();
    return grant;
  }

  /**
   * Starts a download: the task must still be the tenant's (NOT_FOUND otherwise) and the tenant under its concurrent
   * downloads (TOO_MANY_EXPORTS). The slot is given back when `body` ends, fails or is destroyed.
   */
  async open(grant: ExportGrant): Promise<AnnotationDownload> {
    const max = this.deps.limits.maxConcurrentPerTenant;
    const held = this.running.get(grant.tenantId) ?? 0;
    if (held >= max) throw TaskErrors.tooManyExports(max);
    this.running.set(grant.tenantId, held + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const left = (this.running.get(grant.tenantId) ?? 1) - 1;
      if (left > 0) this.running.set(grant.tenantId, left);
      else this.running.delete(grant.tenantId);
    };
    try {
      const download = await this.start(grant);
      download.body.once("close", release);
      return download;
    } catch (err) {
      release();
      throw err;
    }
  }

  /** Downloads running for a tenant on this replica (tests, metrics). */
  runningFor(tenantId: string): number {
    return this.running.get(tenantId) ?? 0;
  }

  private async start(grant: ExportGrant): Promise<AnnotationDownload> {
    const task = await this.deps.tasks.findById(grant.tenantId, grant.taskId);
    if (!task) throw TaskErrors.taskNotFound(grant.taskId);
    const labels = (await this.deps.tasks.labelTrees(grant.tenantId, [task.id])).get(task.id) ?? [];
    const frames = await this.deps.reader.frames(task.id);
    const abort = new AbortController();
    const source: ExportSource = {
      taskName: task.name,
      header: {
        labels: labels.map(toValidLabel),
        frames: frames.map((f) => ({ index: f.index, name: f.name, width: f.width, height: f.height })),
      },
      shapes: this.deps.reader.shapes(
        task.id,
        labels,
        frames.map((f) => f.name),
        grant.filter,
        abort.signal,
      ),
    };
    const file = exportFileOf(task.name, grant.format, grant.includeFrames);
    const body = isZip(grant.format, grant.includeFrames)
      ? this.zip(this.entries(source, grant), frames)
      : Readable.from(this.text(source, grant.format), { objectMode: false });
    body.once("close", () => abort.abort());
    return { ...file, body };
  }

  private text(source: ExportSource, format: AnnotationFormat): TextChunks {
    switch (format) {
      case AnnotationFormat.COCO_INSTANCES:
        return writeCocoInstances(source);
      case AnnotationFormat.COCO_RESULTS:
        return writeCocoResults(source);
      case AnnotationFormat.CVAT_IMAGES:
        return writeCvatImages(source);
      default:
        throw new Error(`${format} is written as an archive`);
    }
  }

  private entries(source: ExportSource, grant: ExportGrant): ZipEntry[] {
    if (grant.format === AnnotationFormat.YOLO_DETECT || grant.format === AnnotationFormat.YOLO_SEGMENT) {
      return yoloEntries(source, grant.format === AnnotationFormat.YOLO_DETECT ? "detect" : "segment", grant.includeFrames);
    }
    const chunks = this.text(source, grant.format);
    return [
      { path: ANNOTATION_FILE[grant.format], stream: chunks },
      ...source.header.frames.map((frame, position) => ({ path: `images/${archivePath(frame.name)}`, frame: { position, frame } })),
    ];
  }

  /**
   * The entries as a zip (yazl), each produced only when the archive reaches it: label texts then, frame bytes read
   * from the bucket then. yazl writes one entry at a time at the reader's pace, so about one frame is in memory.
   * A frame whose bytes are gone fails the download (a zip without it would look complete).
   */
  private zip(entries: readonly ZipEntry[], frames: readonly Frame[]): Readable {
    const zip = new ZipFile();
    const out = new PassThrough();
    zip.on("error", (err: Error) => out.destroy(err));
    zip.outputStream.pipe(out);
    const empty = () => Readable.from([]);
    for (const entry of entries) {
      // Images are compressed already: stored as they are.
      zip.addReadStreamLazy(entry.path, { compress: !entry.frame }, (cb) => {
        if (out.destroyed) return cb(new Error("download cancelled"), empty());
        if (entry.stream) return cb(null, Readable.from(entry.stream));
        const produce: Promise<Uint8Array | string> = entry.text
          ? entry.text()
          : this.deps.frameBytes(frames[entry.frame!.position].objectName).then((bytes) => {
              if (!bytes) throw new Error(`frame ${entry.frame!.position}'s bytes are missing from the frames bucket`);
              return bytes;
            });
        produce.then(
          (content) =>
            cb(
              null,
              Readable.from([
                typeof content === "string" ? Buffer.from(content) : Buffer.from(content.buffer, content.byteOffset, content.byteLength),
              ]),
            ),
          (err: unknown) => cb(err, empty()),
        );
      });
    }
    zip.end();
    return out;
  }
}

type ZipEntry = ArchiveEntry & { stream?: TextChunks };

import type { AnnotationFormat } from "./interchange.js";
import type { LabelMatch, LabelMatchedBy } from "./import-matching.js";
import { ImportSkipReason } from "./import-validation.js";

/** Examples kept per skip reason, and unmatched names listed; the counts are always whole. */
export const REPORT_EXAMPLES = 5;
export const REPORT_MAX_NAMES = 100;

export interface SkipCount {
  reason: ImportSkipReason;
  count: number;
  /** The first few, each naming the frame, the label and why. */
  examples: string[];
}

export interface NameCount {
  name: string;
  /** Shapes of the file on that frame / of that label. */
  shapes: number;
}

export interface LabelUse {
  fileLabel: string;
  taskLabelId: string;
  taskLabel: string;
  matchedBy: LabelMatchedBy;
  shapes: number;
}

/** What an import did: what went in, what did not and why, which names matched what. */
export interface AnnotationImportReport {
  format: AnnotationFormat;
  partial: boolean;
  /** Whether the shapes were stored (false when an error rolled everything back). */
  applied: boolean;
  /** Top-level shapes stored. */
  imported: number;
  /** Skeleton points stored with them. */
  importedElements: number;
  /** Stored shapes whose coordinates were clipped to their frame. */
  clipped: number;
  /** Top-level shapes of the file not stored. */
  skipped: number;
  skippedReasons: SkipCount[];
  framesInFile: number;
  framesMatched: number;
  /** File frames matching no task frame (or several), the first REPORT_MAX_NAMES, most shapes first. */
  unmatchedFrames: NameCount[];
  unmatchedFrameCount: number;
  labels: LabelUse[];
  unmatchedLabels: NameCount[];
}

/** Collects an import's report as its shapes go by (counts only: memory does not grow with the shapes). */
export class ImportReportBuilder {
  imported = 0;
  importedElements = 0;
  clipped = 0;
  private readonly skips = new Map<ImportSkipReason, SkipCount>();
  private readonly unmatchedFrames = new Map<string, number>();
  private readonly matchedFrames = new Set<string>();
  private readonly unmatchedLabels = new Map<string, number>();
  private readonly labelUses = new Map<string, LabelUse>();

  constructor(
    private readonly format: AnnotationFormat,
    private readonly partial: boolean,
  ) {}

  get skipped(): number {
    let n = 0;
    for (const s of this.skips.values()) n += s.count;
    return n;
  }

  frameMatched(name: string): void {
    this.matchedFrames.add(name);
  }

  /** A frame of the file matching no task frame: once per shape on it (`shapes` 1), or once from the header (0). */
  frameUnmatched(name: string, shapes = 1): void {
    this.unmatchedFrames.set(name, (this.unmatchedFrames.get(name) ?? 0) + shapes);
  }

  labelMatched(fileLabel: string, match: LabelMatch): void {
    const use = this.labelUses.get(fileLabel);
    if (use) use.shapes += 1;
    else {
      this.labelUses.set(fileLabel, {
        fileLabel,
        taskLabelId: match.label.id,
        taskLabel: match.label.name,
        matchedBy: match.matchedBy,
        shapes: 1,
      });
    }
  }

  labelUnmatched(fileLabel: string): void {
    this.unmatchedLabels.set(fileLabel, (this.unmatchedLabels.get(fileLabel) ?? 0) + 1);
  }

  skip(reason: ImportSkipReason, example: string): void {
    const s = this.skips.get(reason) ?? { reason, count: 0, examples: [] };
    s.count += 1;
    if (s.examples.length < REPORT_EXAMPLES) s.examples.push(example);
    this.skips.set(reason, s);
  }

  /** The error code an import that is not partial fails with, or null when every shape could go in. */
  failure(): "UNKNOWN_FRAME" | "UNKNOWN_LABEL" | "INVALID_ANNOTATION" | null {
    if (this.skips.has(ImportSkipReason.UnmatchedFrame) || this.skips.has(ImportSkipReason.AmbiguousFrame)) return "UNKNOWN_FRAME";
    if (this.skips.has(ImportSkipReason.UnmatchedLabel)) return "UNKNOWN_LABEL";
    return this.skips.size ? "INVALID_ANNOTATION" : null;
  }

  build(applied: boolean): AnnotationImportReport {
    const byShapes = (a: NameCount, b: NameCount) => b.shapes - a.shapes || a.name.localeCompare(b.name);
    const unmatchedFrames = [...this.unmatchedFrames].map(([name, shapes]) => ({ name, shapes })).sort(byShapes);
    return {
      format: this.format,
      partial: this.partial,
      applied,
      imported: applied ? this.imported : 0,
      importedElements: applied ? this.importedElements : 0,
      clipped: applied ? this.clipped : 0,
      skipped: this.skipped,
      skippedReasons: [...this.skips.values()].sort((a, b) => b.count - a.count),
      framesInFile: this.matchedFrames.size + this.unmatchedFrames.size,
      framesMatched: this.matchedFrames.size,
      unmatchedFrames: unmatchedFrames.slice(0, REPORT_MAX_NAMES),
      unmatchedFrameCount: unmatchedFrames.length,
      labels: [...this.labelUses.values()],
      unmatchedLabels: [...this.unmatchedLabels].map(([name, shapes]) => ({ name, shapes })).sort(byShapes),
    };
  }
}

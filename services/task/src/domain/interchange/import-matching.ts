import type { LabelNode } from "../label-types.js";
import { bestMatch, normaliseName, type MatchTier } from "@prelabel/label-names";

/** A task frame as an import matches against it. */
export interface TaskFrameRef {
  index: number;
  name: string;
  width: number | null;
  height: number | null;
}

export type FrameMatch = { kind: "matched"; frame: TaskFrameRef } | { kind: "ambiguous"; candidates: number } | { kind: "unmatched" };

const baseName = (name: string) => {
  const n = name.replace(/\\/g, "/");
  return n.slice(n.lastIndexOf("/") + 1);
};
const stemOf = (name: string) => {
  const b = baseName(name);
  return b.includes(".") ? b.slice(0, b.lastIndexOf(".")) : b;
};

/**
 * A file's frame names onto the task's frames: the exact name first, then the base name (directories dropped), then
 * the stem (extension dropped), the last two case-insensitively (`train/IMG_1.JPG` → `img_1.jpg`; YOLO's `img_1` →
 * `IMG_1.png`). A name that finds several task frames at its first matching step is ambiguous, never guessed.
 */
export class FrameMatcher {
  private readonly exact = new Map<string, TaskFrameRef[]>();
  private readonly byBase = new Map<string, TaskFrameRef[]>();
  private readonly byStem = new Map<string, TaskFrameRef[]>();
  private readonly memo = new Map<string, FrameMatch>();

  constructor(frames: Iterable<TaskFrameRef>) {
    for (const f of frames) {
      push(this.exact, f.name, f);
      push(this.byBase, baseName(f.name).toLowerCase(), f);
      push(this.byStem, stemOf(f.name).toLowerCase(), f);
    }
  }

  match(name: string): FrameMatch {
    let found = this.memo.get(name);
    if (!found) {
      const candidates =
        this.exact.get(name) ?? this.byBase.get(baseName(name).toLowerCase()) ?? this.byStem.get(stemOf(name).toLowerCase());
      found = !candidates
        ? { kind: "unmatched" }
        : candidates.length === 1
          ? { kind: "matched", frame: candidates[0] }
          : { kind: "ambiguous", candidates: candidates.length };
      this.memo.set(name, found);
    }
    return found;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** One entry of importAnnotations' `mapping`: a file label onto a task label (id or name), skeleton points by name. */
export interface ImportLabelMappingRequest {
  fileLabel: string;
  taskLabel: string;
  sublabels?: ImportLabelMappingRequest[] | null;
}

/** How a file label found its task label: the mapping argument, or a suggestion tier (libs/label-names). */
export type LabelMatchedBy = "MAPPING" | "EXACT" | "NORMALISED" | "SYNONYM" | "BROADER";

export interface LabelMatch {
  label: LabelNode;
  matchedBy: LabelMatchedBy;
  /** Explicit sublabel mapping (file point name → task sublabel), when the mapping gave one. */
  sublabels: Map<string, LabelNode> | null;
}

export type MappingProblem = { path: string; message: string };

const TIERS: readonly MatchTier[] = ["exact", "normalised", "synonym", "broader"];

/**
 * A file's labels onto the task's top-level labels, as a run's mapping is made (annotation-job's label-mapping.ts):
 * with `mapping`, exactly its entries (task labels by id or name, exact then normalised; file labels it leaves out
 * match nothing); without, a suggestion per file label: the first task label matching its name at the earliest tier
 * of libs/label-names (exact, normalised, synonym, broader). Names only: a label's type is checked per shape, since
 * one COCO category may hold boxes and polygons. Skeleton points match their skeleton's sublabels by name (the
 * mapping's `sublabels`, else exact, then normalised).
 */
export class LabelMatcher {
  private readonly memo = new Map<string, LabelMatch | null>();
  private readonly explicit: Map<string, LabelMatch> | null;

  private constructor(
    private readonly labels: readonly LabelNode[],
    explicit: Map<string, LabelMatch> | null,
  ) {
    this.explicit = explicit;
  }

  /** Resolves `mapping` against the task's labels; every problem is returned, none thrown. */
  static create(
    labels: readonly LabelNode[],
    mapping: readonly ImportLabelMappingRequest[] | null | undefined,
  ): LabelMatcher | MappingProblem[] {
    if (!mapping) return new LabelMatcher(labels, null);
    const problems: MappingProblem[] = [];
    const explicit = new Map<string, LabelMatch>();
    mapping.forEach((entry, i) => {
      const path = `mapping[${i}]`;
      if (explicit.has(entry.fileLabel)) problems.push({ path, message: `file label "${entry.fileLabel}" is mapped twice` });
      const label = findLabel(labels, entry.taskLabel);
      if (!label) {
        problems.push({ path, message: `the task has no label with id or name "${entry.taskLabel}" (it has: ${names(labels)})` });
        return;
      }
      let sublabels: Map<string, LabelNode> | null = null;
      if (entry.sublabels?.length) {
        if (!label.sublabels.length)
          problems.push({ path: `${path}.sublabels`, message: `"${label.name}" is ${label.type}, not a skeleton` });
        sublabels = new Map();
        entry.sublabels.forEach((s, j) => {
          const sub = findLabel(label.sublabels, s.taskLabel);
          if (!sub) {
            problems.push({
              path: `${path}.sublabels[${j}]`,
              message: `skeleton "${label.name}" has no point "${s.taskLabel}" (it has: ${names(label.sublabels)})`,
            });
          } else sublabels!.set(s.fileLabel, sub);
        });
      }
      explicit.set(entry.fileLabel, { label, matchedBy: "MAPPING", sublabels });
    });
    return problems.length ? problems : new LabelMatcher(labels, explicit);
  }

  /** The task label a file label lands on, or null. */
  match(fileLabel: string): LabelMatch | null {
    if (this.memo.has(fileLabel)) return this.memo.get(fileLabel)!;
    let found: LabelMatch | null = null;
    if (this.explicit) found = this.explicit.get(fileLabel) ?? null;
    else {
      for (const tier of TIERS) {
        const label = bestMatch(fileLabel, this.labels, (l) => l.name, [tier]);
        if (label) {
          found = { label, matchedBy: tier.toUpperCase() as LabelMatchedBy, sublabels: null };
          break;
        }
      }
    }
    this.memo.set(fileLabel, found);
    return found;
  }

  /** A skeleton point's sublabel: the mapping's, else by name (exact, then normalised). */
  static sublabel(match: LabelMatch, pointName: string): LabelNode | null {
    if (match.sublabels?.has(pointName)) return match.sublabels.get(pointName)!;
    return bestMatch(pointName, match.label.sublabels, (l) => l.name, ["exact", "normalised"]) ?? null;
  }
}

/** A label by id, else by name (exact, then normalised when that picks one). */
function findLabel(labels: readonly LabelNode[], idOrName: string): LabelNode | undefined {
  const byId = labels.find((l) => l.id === idOrName);
  if (byId) return byId;
  const exact = labels.filter((l) => l.name === idOrName);
  if (exact.length === 1) return exact[0];
  const loose = labels.filter((l) => normaliseName(l.name) === normaliseName(idOrName));
  return loose.length === 1 ? loose[0] : undefined;
}

function names(labels: readonly LabelNode[]): string {
  return labels.length ? labels.map((l) => l.name).join(", ") : "none";
}

import type { Annotation } from "./annotation.js";
import type { StagedShape } from "./staged-shape.js";

/** One saveAnnotations, validated: what the repository applies in one transaction, or not at all. */
export interface AnnotationEdits {
  /** The task's annotationsVersion the client read; null: not checked. */
  expectedVersion: number | null;
  create: { frame: number; shape: StagedShape }[];
  /** A whole new shape for an existing top-level annotation (its frame stays); `version` null: not checked. */
  update: { id: string; version: number | null; shape: StagedShape }[];
  delete: string[];
}

/** Why a save was refused after validation; nothing was applied. */
export type EditRefusal =
  | { kind: "missing-task" }
  | { kind: "busy" }
  | { kind: "stale-task"; expectedVersion: number; currentVersion: number }
  | { kind: "missing-annotations"; ids: string[] }
  | { kind: "stale-annotations"; annotations: { id: string; expectedVersion: number; currentVersion: number }[] };

export type EditOutcome =
  { kind: "saved"; annotationsVersion: number; created: Annotation[]; updated: Annotation[]; deleted: string[] } | EditRefusal;

import { TaskErrors } from "./task.errors.js";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** `first` as asked (default 50); outside 0..500 is a client error. */
export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) throw TaskErrors.badPageSize(MAX_PAGE_SIZE);
  return first;
}

/** Keyset positions, one kind per connection; a cursor of one kind is rejected by another. */
export interface CursorKeys {
  /** Tasks: newest first, by creation time (ms) then id. */
  task: { createdAt: number; id: string };
  /** Frames: by index. */
  frame: { index: number };
  /** Annotations: by frame, then insertion order. */
  annotation: { frame: number; seq: string };
  /** Tracks: by first frame, then insertion order. */
  track: { startFrame: number; seq: string };
  /** The review queue: by score (lowest first), then insertion order. */
  review: { score: number; seq: string };
}
export type CursorKind = keyof CursorKeys;

const tags: Record<CursorKind, string> = { task: "t1", frame: "f1", annotation: "a1", track: "k1", review: "r1" };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque cursors: base64url of a tagged JSON tuple. Clients must not parse them. */
export function encodeCursor<K extends CursorKind>(kind: K, keys: CursorKeys[K]): string {
  let tuple: unknown[];
  if (kind === "task") {
    const k = keys as CursorKeys["task"];
    tuple = [tags.task, k.createdAt, k.id];
  } else if (kind === "frame") {
    tuple = [tags.frame, (keys as CursorKeys["frame"]).index];
  } else if (kind === "track") {
    const k = keys as CursorKeys["track"];
    tuple = [tags.track, k.startFrame, k.seq];
  } else if (kind === "review") {
    const k = keys as CursorKeys["review"];
    tuple = [tags.review, k.score, k.seq];
  } else {
    const k = keys as CursorKeys["annotation"];
    tuple = [tags.annotation, k.frame, k.seq];
  }
  return Buffer.from(JSON.stringify(tuple), "utf8").toString("base64url");
}

/** Decodes a cursor of the given kind; anything else is BAD_USER_INPUT. */
export function decodeCursor<K extends CursorKind>(kind: K, cursor: string): CursorKeys[K] {
  const bad = TaskErrors.badCursor();
  if (typeof cursor !== "string" || cursor.length === 0 || cursor.length > 256 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw bad;
  }
  if (!Array.isArray(parsed)) throw bad;
  const tuple: readonly unknown[] = parsed;
  if (tuple[0] !== tags[kind]) throw bad;
  const isInt = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
  if (kind === "task") {
    const [, createdAt, id] = tuple;
    if (tuple.length !== 3 || !isInt(createdAt) || typeof id !== "string" || !UUID.test(id)) throw bad;
    return { createdAt, id } as CursorKeys[K];
  }
  if (kind === "frame") {
    const [, index] = tuple;
    if (tuple.length !== 2 || !isInt(index)) throw bad;
    return { index } as CursorKeys[K];
  }
  if (kind === "review") {
    // The score as read from a real column: a finite number (JSON keeps the shortest form that reads back the same).
    const [, score, seq] = tuple;
    if (tuple.length !== 3 || typeof score !== "number" || !Number.isFinite(score) || typeof seq !== "string" || !/^[0-9]{1,19}$/.test(seq))
      throw bad;
    return { score, seq } as CursorKeys[K];
  }
  const [, frame, seq] = tuple;
  if (tuple.length !== 3 || !isInt(frame) || typeof seq !== "string" || !/^[0-9]{1,19}$/.test(seq)) throw bad;
  if (kind === "track") return { startFrame: frame, seq } as CursorKeys[K];
  return { frame, seq } as CursorKeys[K];
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

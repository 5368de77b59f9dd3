import type { DataSource } from "typeorm";
import type { FrameImage, FrameImageCache, FrameImageKey } from "../domain/frame-image.js";

interface FrameImageRow {
  task_id: string;
  frame_index: number;
  max_size: number;
  mime_type: FrameImage["mimeType"];
  width: number;
  height: number;
  bytes: Buffer;
}

const keyOf = (k: FrameImageKey) => `${k.taskId}/${k.index}/${k.maxSize}`;

/** PostgreSQL's foreign_key_violation: the frame went (its task was deleted) while its image was rendered. */
const FOREIGN_KEY_VIOLATION = "23503";

/**
 * task.frame_image: renders kept as their encoded bytes (the data URL is rebuilt on the way out, so a row holds no
 * more than the render). Lookups made in the same tick (a page of thumbnails resolves its 60 `image` fields at once)
 * go out as one query.
 */
export class FrameImageCacheRepository implements FrameImageCache {
  private pending: { key: FrameImageKey; resolve: (image: FrameImage | null) => void; reject: (err: unknown) => void }[] = [];

  constructor(private readonly dataSource: DataSource) {}

  find(key: FrameImageKey): Promise<FrameImage | null> {
    return new Promise((resolve, reject) => {
      this.pending.push({ key, resolve, reject });
      // As BatchLoader does: after the current wave of resolvers has asked.
      if (this.pending.length === 1) void Promise.resolve().then(() => process.nextTick(() => void this.dispatch()));
    });
  }

  private async dispatch(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    try {
      const rows = await this.dataSource.query<FrameImageRow[]>(
        `SELECT i."task_id", i."frame_index", i."max_size", i."mime_type", i."width", i."height", i."bytes"
           FROM "task"."frame_image" i
           JOIN unnest($1::uuid[], $2::int[], $3::int[]) AS k("task_id", "frame_index", "max_size")
             ON i."task_id" = k."task_id" AND i."frame_index" = k."frame_index" AND i."max_size" = k."max_size"`,
        [batch.map((p) => p.key.taskId), batch.map((p) => p.key.index), batch.map((p) => p.key.maxSize)],
      );
      const found = new Map(rows.map((r) => [keyOf({ taskId: r.task_id, index: r.frame_index, maxSize: r.max_size }), r]));
      for (const { key, resolve } of batch) {
        const row = found.get(keyOf(key));
        resolve(row ? imageOf(row) : null);
      }
    } catch (err) {
      for (const { reject } of batch) reject(err);
    }
  }

  async save(key: FrameImageKey, image: FrameImage): Promise<void> {
    const prefix = `data:${image.mimeType};base64,`;
    if (!image.dataUrl.startsWith(prefix)) throw new Error(`a ${image.mimeType} render must be a ${prefix} data URL`);
    const bytes = Buffer.from(image.dataUrl.slice(prefix.length), "base64");
    try {
      // Only for a frame that is still there: a render finishing after its task was deleted leaves nothing behind.
      await this.dataSource.query(
        `INSERT INTO "task"."frame_image" ("task_id", "frame_index", "max_size", "mime_type", "width", "height", "bytes")
         SELECT f."task_id", f."index", $3, $4, $5, $6, $7 FROM "task"."frame" f WHERE f."task_id" = $1 AND f."index" = $2
         ON CONFLICT DO NOTHING`,
        [key.taskId, key.index, key.maxSize, image.mimeType, image.width, image.height, bytes],
      );
    } catch (err) {
      // Deleted between the SELECT and the INSERT's check: as above.
      if ((err as { code?: string }).code !== FOREIGN_KEY_VIOLATION) throw err;
    }
  }

  async missing(taskId: string, indexes: readonly number[], maxSize: number): Promise<number[]> {
    if (!indexes.length) return [];
    const rows = await this.dataSource.query<{ index: number }[]>(
      `SELECT k."index" FROM unnest($2::int[]) AS k("index")
        WHERE NOT EXISTS (SELECT 1 FROM "task"."frame_image" i
                           WHERE i."task_id" = $1 AND i."frame_index" = k."index" AND i."max_size" = $3)
        ORDER BY k."index"`,
      [taskId, indexes, maxSize],
    );
    return rows.map((r) => r.index);
  }
}

function imageOf(row: FrameImageRow): FrameImage {
  return {
    dataUrl: `data:${row.mime_type};base64,${row.bytes.toString("base64")}`,
    width: row.width,
    height: row.height,
    mimeType: row.mime_type,
  };
}

import type { DataSource, EntityManager } from "typeorm";
import { lockOrder } from "../domain/frame-object.js";

/**
 * Advisory-lock class for per-object locks (key: hashtext(object name)). Imports take it shared to
 * claim an object, the collector exclusively to check that nothing names the object and remove it.
 */
export const FRAME_OBJECT_LOCK_CLASS = 0x66726d; // "frm"

/** Takes the per-object locks (sorted) for the rest of the transaction. */
export async function lockFrameObjects(em: EntityManager, names: Iterable<string>, mode: "shared" | "exclusive"): Promise<void> {
  const fn = mode === "shared" ? "pg_advisory_xact_lock_shared" : "pg_advisory_xact_lock";
  for (const name of lockOrder(names)) await em.query(`SELECT ${fn}($1::int, hashtext($2))`, [FRAME_OBJECT_LOCK_CLASS, name]);
}

/**
 * Who references frame objects: frame rows, and imports' claims on objects whose rows are not in
 * yet. A claim is any row of frame_object_claim, however old: only the sweep expires claims, so an
 * import whose claim is still there when it inserts its rows knows its bytes were never collected.
 */
export class FrameObjectRepository {
  constructor(
    private readonly dataSource: DataSource,
    /** Claims older than this belong to imports that died; the sweep removes them. */
    private readonly claimTtlMs: number,
  ) {}

  /**
   * Records that ingest `ingestId` is about to reference `objectName`. Shared lock: imports never wait
   * for one another, only for a collector that is removing these very bytes (after which the import's
   * store put finds them missing and writes them again).
   */
  claim(ingestId: string, objectName: string): Promise<void> {
    return this.dataSource.transaction(async (em) => {
      await lockFrameObjects(em, [objectName], "shared");
      await em.query(`INSERT INTO "task"."frame_object_claim" ("object_name", "ingest_id") VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
        objectName,
        ingestId,
      ]);
    });
  }

  /** Drops a failed ingest's claims; returns the names so their bytes can be collected. */
  async releaseClaims(ingestId: string): Promise<string[]> {
    const [rows] = await this.dataSource.query<[{ object_name: string }[], number]>(
      `DELETE FROM "task"."frame_object_claim" WHERE "ingest_id" = $1 RETURNING "object_name"`,
      [ingestId],
    );
    return lockOrder(rows.map((r) => r.object_name));
  }

  /** Deletes claims older than the TTL (their imports died); returns the names they claimed. */
  async expireClaims(): Promise<string[]> {
    const [rows] = await this.dataSource.query<[{ object_name: string }[], number]>(
      `DELETE FROM "task"."frame_object_claim" WHERE "claimed_at" < now() - make_interval(secs => $1::double precision / 1000) RETURNING "object_name"`,
      [this.claimTtlMs],
    );
    return lockOrder(rows.map((r) => r.object_name));
  }

  /** Of `names`, those no frame row and no claim names now (candidates only: removal checks again under the lock). */
  async unreferenced(names: readonly string[]): Promise<string[]> {
    if (!names.length) return [];
    const rows: { name: string }[] = await this.dataSource.query(
      `SELECT n AS "name" FROM unnest($1::text[]) AS n
        WHERE NOT EXISTS (SELECT 1 FROM "task"."frame" f WHERE f."object_name" = n)
          AND NOT EXISTS (SELECT 1 FROM "task"."frame_object_claim" c WHERE c."object_name" = n)`,
      [lockOrder(names)],
    );
    return rows.map((r) => r.name);
  }

  /**
   * Under the object's exclusive lock, runs `remove` only if no frame row and no claim names the
   * object, and keeps the lock until `remove` is done: a claim racing with it waits, then finds the
   * bytes gone and stores them again. True when `remove` ran.
   */
  removeIfUnreferenced(objectName: string, remove: () => Promise<void>): Promise<boolean> {
    return this.dataSource.transaction(async (em) => {
      await lockFrameObjects(em, [objectName], "exclusive");
      // One statement, one snapshot: an import that swaps its claim for a frame row is seen as one or the other.
      const [{ referenced }]: { referenced: boolean }[] = await em.query(
        `SELECT EXISTS (SELECT 1 FROM "task"."frame" WHERE "object_name" = $1)
             OR EXISTS (SELECT 1 FROM "task"."frame_object_claim" WHERE "object_name" = $1) AS "referenced"`,
        [objectName],
      );
      if (referenced) return false;
      await remove();
      return true;
    });
  }
}

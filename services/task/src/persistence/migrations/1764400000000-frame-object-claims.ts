import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * task.frame_object_claim: an import's claim on a frame object between storing its bytes and
 * inserting the frame rows that name them, so the collector never removes bytes an import is about
 * to reference. Claims are removed in the transaction that inserts the rows; those of a crashed
 * import expire (FRAME_CLAIM_TTL_MS) and the sweep removes them.
 */
export class FrameObjectClaims1764400000000 implements MigrationInterface {
  readonly name = "FrameObjectClaims1764400000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "task"."frame_object_claim" (
        "object_name" varchar(80) NOT NULL,
        "ingest_id"   uuid NOT NULL,
        "claimed_at"  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("object_name", "ingest_id")
      )`);
    await q.query(`CREATE INDEX "frame_object_claim_ingest_id_idx" ON "task"."frame_object_claim" ("ingest_id")`);
    await q.query(`CREATE INDEX "frame_object_claim_claimed_at_idx" ON "task"."frame_object_claim" ("claimed_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "task"."frame_object_claim"`);
  }
}

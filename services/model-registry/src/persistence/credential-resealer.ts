import type { SecretBox } from "@prelabel/secret-box";
import type { DataSource } from "typeorm";
import { fromStoredSecret, sealingContext, toStoredSecret } from "../domain/hub-model.js";
import type { StoredSecret } from "../domain/model.js";
import { MODEL_REGISTRY_SCHEMA } from "./data-source.js";

export interface ResealReport {
  /** Hub models with a stored credential. */
  credentials: number;
  /** Moved to the active key by this run. */
  resealed: number;
  /** Already under the active key. */
  current: number;
  activeKeyId: string;
}

/** A credential that did not open: nothing was changed (the ids say which; never the values). */
export class ResealError extends Error {
  override readonly name = "ResealError";
  constructor(readonly failures: { modelId: string; reason: string }[]) {
    super(`Resealing stopped, nothing changed: ${failures.map((f) => `${f.modelId} (${f.reason})`).join(", ")}`);
  }
}

/**
 * Key rotation, step 2 of 3 (put the new key first in PRELABEL_SECRET_KEYS; reseal; drop the old key):
 * every credential not sealed by the active key is opened and sealed again, in one transaction with the rows
 * locked, so a run either moves them all or none, and a concurrent credential update waits for it.
 */
export async function resealCredentials(dataSource: DataSource, box: SecretBox): Promise<ResealReport> {
  return dataSource.transaction(async (manager) => {
    const table = `${MODEL_REGISTRY_SCHEMA}.model`;
    const [{ n }] = await manager.query<[{ n: number }]>(`SELECT count(*)::int AS n FROM ${table} WHERE credential IS NOT NULL`);
    const stale: { id: string; tenant_id: string; credential: StoredSecret }[] = await manager.query(
      `SELECT id, tenant_id, credential FROM ${table} WHERE credential IS NOT NULL AND credential->>'keyId' <> $1 ORDER BY id FOR UPDATE`,
      [box.activeKeyId],
    );
    const failures: { modelId: string; reason: string }[] = [];
    const updates: [string, StoredSecret][] = [];
    for (const row of stale) {
      try {
        updates.push([row.id, toStoredSecret(box.reseal(fromStoredSecret(row.credential), sealingContext(row.tenant_id, row.id)))]);
      } catch (err) {
        failures.push({ modelId: row.id, reason: (err as { code?: string }).code ?? "OPEN_FAILED" });
      }
    }
    if (failures.length) throw new ResealError(failures);
    for (const [id, credential] of updates) {
      await manager.query(`UPDATE ${table} SET credential = $2::jsonb, updated_at = now() WHERE id = $1`, [id, JSON.stringify(credential)]);
    }
    return { credentials: n, resealed: updates.length, current: n - updates.length, activeKeyId: box.activeKeyId };
  });
}

import type { EntityManager } from "typeorm";

/**
 * Advisory-lock class of the per-task annotations lock ("ann"), keyed by hashtext(task id). Every writer of a task's
 * annotations holds it for its transaction: a job's commit (StagingRepository.commit, waiting as long as it takes) and
 * saveAnnotations (AnnotationEditRepository, waiting at most its lock wait): the two never interleave, so a save sees
 * a commit whole or not at all, and a commit never lands in the middle of a save.
 */
export const TASK_ANNOTATIONS_LOCK_CLASS = 0x616e6e;

/** Waits for the task's annotations lock (for the rest of the transaction). */
export async function lockTaskAnnotations(em: EntityManager, taskId: string): Promise<void> {
  await em.query("SELECT pg_advisory_xact_lock($1::int, hashtext($2))", [TASK_ANNOTATIONS_LOCK_CLASS, taskId]);
}

/**
 * Takes the task's annotations lock, waiting at most `waitMs` (0: not at all); false when another transaction kept it
 * that long. On false the transaction is still usable only when `waitMs` is 0 (a lock timeout aborts it): callers
 * give up either way.
 */
export async function tryLockTaskAnnotations(em: EntityManager, taskId: string, waitMs: number): Promise<boolean> {
  if (waitMs <= 0) {
    const [row]: { locked: boolean }[] = await em.query("SELECT pg_try_advisory_xact_lock($1::int, hashtext($2)) AS locked", [
      TASK_ANNOTATIONS_LOCK_CLASS,
      taskId,
    ]);
    return row?.locked === true;
  }
  // lock_timeout bounds this wait only (SET LOCAL, reset right after): 55P03 when it runs out.
  await em.query(`SELECT set_config('lock_timeout', $1, true)`, [`${Math.ceil(waitMs)}ms`]);
  try {
    await em.query("SELECT pg_advisory_xact_lock($1::int, hashtext($2))", [TASK_ANNOTATIONS_LOCK_CLASS, taskId]);
  } catch (err) {
    const e = err as { code?: string; driverError?: { code?: string } };
    if ((e.code ?? e.driverError?.code) === "55P03") return false;
    throw err;
  }
  await em.query(`SELECT set_config('lock_timeout', '0', true)`);
  return true;
}

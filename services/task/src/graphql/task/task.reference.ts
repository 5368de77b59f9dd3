import type { TaskRepository } from "../../persistence/task.repository.js";
import { callerTenant } from "@prelabel/service-kit";
import { toTaskRoot } from "./task.resolver.js";
import type { TaskRoot } from "./task.type.js";

/**
 * `__resolveReference` for Task: the gateway hands over `{ __typename, id }`. An unknown id, and another tenant's
 * task, resolve to null.
 */
export function resolveTaskReference(tasks: TaskRepository) {
  return async (reference: { id: string }, context: unknown): Promise<TaskRoot | null> => {
    const row = await tasks.findById(callerTenant(context), reference.id);
    return row ? toTaskRoot(row) : null;
  };
}

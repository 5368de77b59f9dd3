import { callerTenant } from "@prelabel/service-kit";
import type { TaskQueryService } from "../../application/task-query.service.js";
import { toTaskRoot } from "./task.mapper.js";
import type { TaskRoot } from "./task.type.js";

/**
 * `__resolveReference` for Task: the gateway hands over `{ __typename, id }`. An unknown id, and another tenant's
 * task, resolve to null.
 */
export function resolveTaskReference(queries: Pick<TaskQueryService, "find">) {
  return async (reference: { id: string }, context: unknown): Promise<TaskRoot | null> => {
    const task = await queries.find(callerTenant(context), reference.id);
    return task ? toTaskRoot(task) : null;
  };
}

import type { TaskRepository } from "../../persistence/task.repository.js";
import { toTaskRoot } from "./task.resolver.js";
import type { TaskRoot } from "./task.type.js";

/** `__resolveReference` for Task: the gateway hands over `{ __typename, id }`. */
export function resolveTaskReference(tasks: TaskRepository) {
  return async (reference: { id: string }): Promise<TaskRoot | null> => {
    const row = await tasks.findById(reference.id);
    return row ? toTaskRoot(row) : null;
  };
}

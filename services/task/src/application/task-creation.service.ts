import { validateLabelSchema, validateTaskName, type LabelSchemaLimits } from "../domain/label-schema.js";
import type { LabelDraft } from "../domain/label-types.js";
import type { Task } from "../domain/task.js";
import type { TaskRepository } from "../persistence/task.repository.js";

export interface TaskCreationDeps {
  tasks: Pick<TaskRepository, "create">;
  /** How large a label schema may be. */
  labelSchemaLimits: LabelSchemaLimits;
}

export class TaskCreationService {
  constructor(private readonly deps: TaskCreationDeps) {}

  /**
   * Checks the name (BAD_USER_INPUT) and the label schema (INVALID_LABEL_SCHEMA, every problem listed), then stores
   * the task with its label tree in one transaction.
   */
  async create(tenantId: string, name: string, labels: readonly LabelDraft[]): Promise<Task> {
    const validName = validateTaskName(name);
    const validLabels = validateLabelSchema(labels, this.deps.labelSchemaLimits);
    return this.deps.tasks.create(tenantId, validName, validLabels);
  }
}

import type { LabelDraft } from "../../domain/label-types.js";
import type { Task } from "../../domain/task.js";
import type { LabelInput } from "../label/label.input.js";
import type { TaskRoot } from "./task.type.js";

export function toTaskRoot(task: Task): TaskRoot {
  return { id: task.id, name: task.name, size: task.size, annotationsVersion: task.annotationsVersion, createdAt: task.createdAt };
}

/** createTask's labels as the label schema rules read them: every optional list present. */
export function toLabelDraft(label: LabelInput): LabelDraft {
  return {
    name: label.name,
    type: label.type,
    attributes: (label.attributes ?? []).map((a) => ({
      name: a.name,
      inputType: a.inputType,
      values: a.values ?? [],
      defaultValue: a.defaultValue ?? null,
    })),
    sublabels: (label.sublabels ?? []).map(toLabelDraft),
  };
}

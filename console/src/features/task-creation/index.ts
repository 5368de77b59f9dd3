export { CreateTaskForm, type CreateTaskFormProps } from "./create-task.form.js";
export { validateTaskDraft, toCreateTaskInput, type TaskDraft, type LabelDraft, type AttributeDraft } from "./task-draft.state.js";

export { AutoAnnotationDialog, type AutoAnnotationDialogProps } from "./auto-annotation.dialog.js";
export { JobProgressBar, type JobProgressBarProps } from "./job-progress.bar.js";
export { useJobProgress, type JobProgressState } from "./job-progress.hook.js";
export { TASK_LABELS_QUERY, type JobProgress, type TaskLabel, type TaskLabelsData } from "./auto-annotation.api.js";
export { BatchAnnotationDialog, type BatchAnnotationDialogProps, type BatchTask } from "./batch.dialog.js";
export { BatchProgressBar, type BatchProgressBarProps } from "./batch-progress.bar.js";
export type { BatchProgress } from "./auto-annotation.api.js";

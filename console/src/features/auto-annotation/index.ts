export { AutoAnnotationDialog, type AutoAnnotationDialogProps } from "./auto-annotation.dialog.js";
export { JobProgressBar, type JobProgressBarProps } from "./job-progress.bar.js";
export { useJobProgress, type JobProgressState } from "./job-progress.hook.js";
export { TASK_LABELS_QUERY, type JobProgress, type TaskLabel, type TaskLabelsData } from "./auto-annotation.api.js";

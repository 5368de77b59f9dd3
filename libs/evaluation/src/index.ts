// Detection metrics (COCO AP, precision/recall curves, F1-best thresholds): see CONTRACT in issue 16.
export {};

import { ModelSource } from "./model.js";

/** Catalog models come back at the next start; everything a user added can go. */
export function isDeletableSource(source: ModelSource): boolean {
  return source !== ModelSource.CATALOG;
}

/** "My YOLOv8 (COCO)" + "3f9a2c" → "my-yolov8-coco-3f9a2c": readable, unique, and never reused. */
export function newModelId(name: string, suffix: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 48)
    .replace(/^-+|-+$/g, "");
  return `${slug || "model"}-${suffix}`;
}

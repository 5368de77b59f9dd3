import { ModelSource, type Model } from "./model.js";

/**
 * Every tenant reads it and none writes it: the catalog and the functions discovered on the operator's Nuclio
 * dashboard (both stored under the default tenant; the `shared` column).
 */
export function isSharedModel(model: Pick<Model, "source" | "nuclio">): boolean {
  return model.source === ModelSource.CATALOG || model.nuclio?.discovered === true;
}

/**
 * Catalog models come back at the next start and discovered Nuclio functions at the next sync (they go when the
 * dashboard drops them); everything a user added can go.
 */
export function isDeletableModel(model: Pick<Model, "source" | "nuclio">): boolean {
  return !isSharedModel(model);
}

/** "My YOLOv8 (COCO)" + "3f9a2c" → "my-yolov8-coco-3f9a2c": readable, unique, and never reused. */
export function newModelId(name: string, suffix: string): string {
  return `${slug(name, 48) || "model"}-${suffix}`;
}

/** Lowercase letters, digits and single dashes, at most `max` characters. */
export function slug(name: string, max: number): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, max)
    .replace(/^-+|-+$/g, "");
}

import type { ModelSource } from "../../gql/graphql.js";

/** The page's sections, in this order; a source with no model shows no section. */
export const MODEL_SOURCE_GROUPS: readonly { readonly source: ModelSource; readonly title: string }[] = [
  { source: "CATALOG", title: "Catalog" },
  { source: "UPLOAD", title: "Uploaded" },
  { source: "HUGGING_FACE", title: "Hugging Face" },
  { source: "ROBOFLOW", title: "Roboflow" },
  { source: "NUCLIO", title: "Nuclio functions" },
];

export interface ModelGroup<M> {
  readonly source: ModelSource;
  readonly title: string;
  readonly models: readonly M[];
}

/** Models by source, in the sections' order, each section keeping the server's order (by name); empty ones dropped. */
export function groupModelsBySource<M extends { readonly source: ModelSource }>(models: readonly M[]): ModelGroup<M>[] {
  return MODEL_SOURCE_GROUPS.map(({ source, title }) => ({ source, title, models: models.filter((m) => m.source === source) })).filter(
    (g) => g.models.length > 0,
  );
}

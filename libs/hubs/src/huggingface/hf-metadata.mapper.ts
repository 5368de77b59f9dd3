import { z } from "zod";
import { badShape } from "../hub-status.mapper.js";

export interface HfProviderMapping {
  readonly provider: string;
  readonly providerId: string;
  readonly status: string;
  readonly task: string;
}

export interface HfModelInfo {
  readonly id: string;
  readonly sha?: string;
  readonly pipelineTag?: string;
  readonly libraryName?: string;
  readonly private: boolean;
  readonly gated: false | "auto" | "manual";
  readonly disabled: boolean;
  readonly tags: readonly string[];
  /** Repository file paths (`siblings[].rfilename`). */
  readonly files: readonly string[];
  readonly modelType?: string;
  readonly architectures?: readonly string[];
  readonly providerMappings: readonly HfProviderMapping[];
}

export interface HfRepoConfig {
  /** `id2label` sorted by id. */
  readonly labels: ReadonlyArray<{ readonly id: number; readonly name: string }>;
  readonly modelType?: string;
  readonly architectures?: readonly string[];
}

// Only the fields we use, so the Hub sends less; `expand[]` is how the Hub API selects fields.
export const hfModelInfoFields = [
  "pipeline_tag",
  "library_name",
  "private",
  "gated",
  "disabled",
  "tags",
  "siblings",
  "sha",
  "config",
  "inferenceProviderMapping",
];

const mappingEntry = z.object({ providerId: z.string(), status: z.string(), task: z.string() });
const modelInfoSchema = z.object({
  id: z.string(),
  sha: z.string().optional(),
  pipeline_tag: z.string().nullish(),
  library_name: z.string().nullish(),
  private: z.boolean().optional(),
  gated: z.union([z.literal(false), z.literal("auto"), z.literal("manual")]).optional(),
  disabled: z.boolean().optional(),
  tags: z.array(z.string()).optional(),
  siblings: z.array(z.object({ rfilename: z.string() })).optional(),
  config: z
    .object({ model_type: z.string().optional(), architectures: z.array(z.string()).optional() })
    .loose()
    .nullish(),
  inferenceProviderMapping: z
    .union([z.record(z.string(), mappingEntry), z.array(mappingEntry.extend({ provider: z.string() }))])
    .optional(),
});

const configSchema = z
  .object({
    id2label: z.record(z.string(), z.string()).optional(),
    model_type: z.string().optional(),
    architectures: z.array(z.string()).optional(),
  })
  .loose();

/** The Hub's model info JSON (`GET /api/models/{repo}`) as HfModelInfo, or HUB_BAD_RESPONSE. */
export function toHfModelInfo(json: unknown, subject: string): HfModelInfo {
  const parsed = modelInfoSchema.safeParse(json);
  if (!parsed.success) throw badShape("huggingface", subject, "model info does not have the expected fields");
  const info = parsed.data;
  const mapping = info.inferenceProviderMapping;
  return {
    id: info.id,
    sha: info.sha,
    pipelineTag: info.pipeline_tag ?? undefined,
    libraryName: info.library_name ?? undefined,
    private: info.private ?? false,
    gated: info.gated ?? false,
    disabled: info.disabled ?? false,
    tags: info.tags ?? [],
    files: (info.siblings ?? []).map((s) => s.rfilename),
    modelType: info.config?.model_type,
    architectures: info.config?.architectures,
    providerMappings: Array.isArray(mapping)
      ? mapping.map(({ provider, providerId, status, task }) => ({ provider, providerId, status, task }))
      : Object.entries(mapping ?? {}).map(([provider, m]) => ({ provider, providerId: m.providerId, status: m.status, task: m.task })),
  };
}

/** A repo's config.json as its labels (from `id2label`) and model type, or HUB_BAD_RESPONSE. */
export function toHfRepoConfig(json: unknown, subject: string): HfRepoConfig {
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) throw badShape("huggingface", subject, "id2label is not a map of names");
  const labels: Array<{ id: number; name: string }> = [];
  const seen = new Set<string>();
  const entries = Object.entries(parsed.data.id2label ?? {})
    .map(([key, name]) => ({ id: Number(key), name: name.trim() }))
    .sort((a, b) => a.id - b.id);
  for (const { id, name } of entries) {
    if (!Number.isInteger(id)) throw badShape("huggingface", subject, `id2label key "${id}" is not an integer`);
    // DETR-family configs pad unused ids with "N/A"; they are not classes anyone can map.
    if (!name || name === "N/A" || seen.has(name)) continue;
    seen.add(name);
    labels.push({ id, name });
  }
  return { labels, modelType: parsed.data.model_type, architectures: parsed.data.architectures };
}

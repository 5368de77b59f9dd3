import { z } from "zod";
import { AttributeInputType, ModelKind, ModelSource, ShapeType, type Model, type ModelLabel } from "../../domain/model.js";
import { assertValidModelSpec } from "../../domain/model-spec.js";
import manifestJson from "./manifest.json";

const values = <T extends Record<string, string>>(o: T) => Object.values(o) as [T[keyof T], ...T[keyof T][]];

const attributeSchema = z.object({
  name: z.string(),
  inputType: z.enum(values(AttributeInputType)),
  values: z.array(z.string()),
  defaultValue: z.string().nullable().default(null),
});

type LabelInput = { name: string; type: ShapeType; attributes: z.infer<typeof attributeSchema>[]; sublabels: LabelInput[] };
const labelSchema: z.ZodType<LabelInput, unknown> = z.lazy(() =>
  z.object({
    name: z.string(),
    type: z.enum(values(ShapeType)),
    attributes: z.array(attributeSchema).default([]),
    sublabels: z.array(labelSchema).default([]),
  }),
);

const entrySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  kind: z.enum(values(ModelKind)),
  runtime: z.string(),
  labels: z.array(labelSchema),
  defaultThreshold: z.number(),
  returnsMasks: z.boolean(),
  inputSize: z.object({ width: z.number().int(), height: z.number().int() }).nullable(),
  preprocessing: z.string().nullable(),
  /** The licence as its card (docs/models/<id>.md) documents it, in words; what was not verified says so. */
  license: z.string().trim().min(1),
  /** The measured model-call time per frame in ms: the upper end of the range docs/models/README.md gives. */
  msPerFrame: z.number().positive(),
  /** The files the worker's entry loads (by the name it asks its load context for), so workers can check them. */
  artifacts: z
    .array(
      z.object({
        name: z.string().min(1),
        sha256: z.string().regex(/^[0-9a-f]{64}$/, "64 lowercase hex digits"),
        sizeBytes: z.number().int().nonnegative(),
      }),
    )
    .default([]),
});

const manifestSchema = z.object({
  version: z.literal(1),
  models: z.array(entrySchema),
});

export type CatalogManifest = z.input<typeof manifestSchema>;

/** Parses and validates a catalog manifest; a bad manifest is a startup error naming every problem. */
export function parseCatalog(manifest: unknown): Model[] {
  const parsed = manifestSchema.safeParse(manifest);
  if (!parsed.success) {
    throw new Error(
      `Invalid model catalog manifest:\n${parsed.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`).join("\n")}`,
    );
  }
  const ids = parsed.data.models.map((m) => m.id);
  const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (dup.length) throw new Error(`Invalid model catalog manifest: duplicate model id ${[...new Set(dup)].join(", ")}`);
  return parsed.data.models.map(({ msPerFrame, ...entry }) =>
    assertValidModelSpec({
      ...entry,
      measuredMsPerFrame: msPerFrame,
      labels: entry.labels.map(toLabel),
      artifacts: entry.artifacts.map((a) => ({ ...a })),
      onnxDetector: null,
      source: ModelSource.CATALOG,
    }),
  );
}

const toLabel = (l: LabelInput): ModelLabel => ({
  name: l.name,
  type: l.type,
  attributes: l.attributes.map((a) => ({ ...a })),
  sublabels: l.sublabels.map(toLabel),
});

/** The catalog shipped with this build (src/persistence/catalog/manifest.json). */
export function loadCatalog(): Model[] {
  return parseCatalog(manifestJson);
}

import { readFile } from "node:fs/promises";
import { z } from "zod";
import { TfjsOnnxError, TfjsOnnxErrorCode } from "../tfjs-onnx.errors.js";

const dim = z.union([z.number().int().min(-1), z.string().min(1)]);

const entrySchema = z
  .object({
    /** Output file stem: `<name>.onnx`. */
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "kebab-case: lowercase letters, digits and '-'"),
    /** model.json path relative to the recipe, or a package file such as "@vladmandic/human/models/blazeface.json". */
    source: z.string().min(1),
    outputs: z.array(z.string().min(1)).min(1).optional(),
    cutInputs: z
      .array(z.object({ name: z.string().min(1), shape: z.array(dim).min(1), dtype: z.enum(["float32", "int32"]).optional() }).strict())
      .optional(),
    fp16Storage: z.boolean().optional(),
  })
  .strict();

const recipeSchema = z
  .object({
    $comment: z.string().optional(),
    models: z.array(entrySchema).min(1),
  })
  .strict()
  .superRefine((recipe, ctx) => {
    const seen = new Set<string>();
    for (const [i, m] of recipe.models.entries()) {
      if (seen.has(m.name)) ctx.addIssue({ code: "custom", path: ["models", i, "name"], message: `duplicate name ${m.name}` });
      seen.add(m.name);
    }
  });

export type Recipe = z.infer<typeof recipeSchema>;
export type RecipeEntry = z.infer<typeof entrySchema>;

/** Parses and validates a build recipe; one error lists every problem. */
export function parseRecipe(json: unknown, origin: string): Recipe {
  const parsed = recipeSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new TfjsOnnxError(TfjsOnnxErrorCode.InvalidRecipe, `invalid recipe ${origin}:\n  ${problems.join("\n  ")}`);
  }
  return parsed.data;
}

export async function loadRecipe(path: string): Promise<{ recipe: Recipe; text: string }> {
  let text: string;
  let json: unknown;
  try {
    text = await readFile(path, "utf8");
    json = JSON.parse(text);
  } catch (err) {
    throw new TfjsOnnxError(TfjsOnnxErrorCode.InvalidRecipe, `cannot read recipe ${path}: ${(err as Error).message}`, { cause: err });
  }
  return { recipe: parseRecipe(json, path), text };
}

import type { ModelRegistry } from "../../domain/model-registry.js";
import { toModelType } from "./model.mapper.js";
import type { ModelType } from "./model.type.js";

/** `Model.__resolveReference`: other subgraphs hold only a model id. An unknown id resolves to null. */
export const resolveModelReference =
  (registry: ModelRegistry) =>
  async (reference: { id: string }): Promise<ModelType | null> => {
    const model = await registry.find(reference.id);
    return model ? toModelType(model) : null;
  };

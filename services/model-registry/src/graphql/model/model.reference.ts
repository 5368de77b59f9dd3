import type { ModelRegistryService } from "../../application/model-registry.service.js";
import { callerTenant } from "@prelabel/service-kit";
import { toModelType } from "./model.mapper.js";
import type { ModelType } from "./model.type.js";

/**
 * `Model.__resolveReference`: other subgraphs hold only a model id. An unknown id, and another tenant's model,
 * resolve to null; the catalog and the caller's own models resolve, deleted ones too (with `deletedAt`): a job
 * keeps naming the model it ran on, and AutoAnnotationJob.model stays non-null.
 */
export const resolveModelReference =
  (registry: ModelRegistryService) =>
  async (reference: { id: string }, context: unknown): Promise<ModelType | null> => {
    const model = await registry.findReference(callerTenant(context), reference.id);
    return model ? toModelType(model) : null;
  };

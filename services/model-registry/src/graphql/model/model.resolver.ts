import type { CallerContext } from "@prelabel/service-kit";
import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import { ModelKind, ModelSource } from "../../domain/model.js";
import type { ModelRegistryService } from "../../application/model-registry.service.js";
import { callerTenant } from "@prelabel/service-kit";
import { toModelType } from "./model.mapper.js";
import { ModelType } from "./model.type.js";

@Resolver(() => ModelType)
export class ModelResolver {
  constructor(private readonly registry: ModelRegistryService) {}

  @Query(() => [ModelType], { description: "Models, optionally of one kind and/or source, by name." })
  async models(
    @Ctx() ctx: CallerContext,
    // type-graphql registers parameter decorators last-first: this order prints as (kind, source).
    @Arg("source", () => ModelSource, { nullable: true }) source?: ModelSource | null,
    @Arg("kind", () => ModelKind, { nullable: true }) kind?: ModelKind | null,
  ): Promise<ModelType[]> {
    // The catalog and the caller's own models.
    const models = await this.registry.list(callerTenant(ctx), { kind: kind ?? undefined, source: source ?? undefined });
    return models.map(toModelType);
  }

  @Query(() => ModelType, { nullable: true })
  async model(@Arg("id", () => ID) id: string, @Ctx() ctx: CallerContext): Promise<ModelType | null> {
    // Another tenant's model is null, as an unknown id.
    const model = await this.registry.find(callerTenant(ctx), id);
    return model ? toModelType(model) : null;
  }
}

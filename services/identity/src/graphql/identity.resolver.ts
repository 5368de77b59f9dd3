import type { CallerContext } from "@prelabel/service-kit";
import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { IdentityService } from "../application/identity.service.js";
import { ApiKeyType, CreateApiKeyInput, CreatedApiKeyType, RoleValue, toApiKeyType, ViewerType } from "./identity.types.js";

/** The caller (from the verified identity assertion) and its tenant's API keys. */
@Resolver()
export class IdentityResolver {
  constructor(private readonly identity: IdentityService) {}

  @Query(() => ViewerType, { description: "Who is calling." })
  async viewer(@Ctx() ctx: CallerContext): Promise<ViewerType> {
    const viewer = await this.identity.viewer(ctx.identity);
    return { tenant: { id: viewer.tenant.id, name: viewer.tenant.name }, subject: viewer.subject, roles: viewer.roles as RoleValue[] };
  }

  @Query(() => [ApiKeyType], { description: "The caller's tenant's API keys, oldest first, revoked ones included." })
  async apiKeys(@Ctx() ctx: CallerContext): Promise<ApiKeyType[]> {
    return (await this.identity.listApiKeys(ctx.identity)).map(toApiKeyType);
  }

  @Mutation(() => CreatedApiKeyType, {
    description: "A new API key for the caller's tenant; the key is in the answer only. ADMIN only (FORBIDDEN).",
  })
  async createApiKey(
    @Arg("input", () => CreateApiKeyInput) input: CreateApiKeyInput,
    @Ctx() ctx: CallerContext,
  ): Promise<CreatedApiKeyType> {
    const created = await this.identity.createApiKey(ctx.identity, { name: input.name, role: input.role });
    return { apiKey: toApiKeyType(created.apiKey), key: created.key };
  }

  @Mutation(() => ApiKeyType, {
    description:
      "Revokes a key of the caller's tenant (idempotent); the gateway stops accepting it within 30 s. ADMIN only (FORBIDDEN); NOT_FOUND otherwise.",
  })
  async revokeApiKey(@Arg("id", () => ID) id: string, @Ctx() ctx: CallerContext): Promise<ApiKeyType> {
    return toApiKeyType(await this.identity.revokeApiKey(ctx.identity, id));
  }
}

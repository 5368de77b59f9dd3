import { apiKeyHint } from "@prelabel/identity";
import { Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import type { ApiKeyRecord } from "../domain/identity.repository.js";

/** GraphQL spelling of libs/identity's roles. */
export enum RoleValue {
  ADMIN = "ADMIN",
  MEMBER = "MEMBER",
}
registerEnumType(RoleValue, { name: "Role", description: "ADMIN manages API keys; MEMBER uses the API." });

@ObjectType("Tenant")
export class TenantType {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;
}

@ObjectType("Viewer", { description: "Who is calling: the tenant, the principal (an API key id) and its roles." })
export class ViewerType {
  @Field(() => TenantType)
  tenant: TenantType;

  @Field({ description: "The API key id (self-hosted: `self-hosted`)." })
  subject: string;

  @Field(() => [RoleValue])
  roles: RoleValue[];
}

@ObjectType("ApiKey", { description: "An API key of the caller's tenant; its secret is never shown again after creation." })
export class ApiKeyType {
  @Field(() => ID, { description: "The key id: the part between `plk_` and the secret." })
  id: string;

  @Field()
  name: string;

  @Field(() => RoleValue)
  role: RoleValue;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: "Last authentication, to the minute." })
  lastUsedAt: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt: Date | null;

  @Field({ description: "`plk_<keyId>_…`" })
  hint: string;
}

@ObjectType("CreatedApiKey")
export class CreatedApiKeyType {
  @Field(() => ApiKeyType)
  apiKey: ApiKeyType;

  @Field({ description: "The whole key `plk_<keyId>_<secret>`: shown once, store it now. Send it as `Authorization: Bearer <key>`." })
  key: string;
}

@InputType()
export class CreateApiKeyInput {
  @Field()
  name: string;

  @Field(() => RoleValue)
  role: RoleValue;
}

export const toApiKeyType = (k: ApiKeyRecord): ApiKeyType => ({
  id: k.id,
  name: k.name,
  role: k.role as RoleValue,
  createdAt: k.createdAt,
  lastUsedAt: k.lastUsedAt,
  revokedAt: k.revokedAt,
  hint: apiKeyHint(k.id),
});

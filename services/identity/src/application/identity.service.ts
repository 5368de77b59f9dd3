import { randomUUID } from "node:crypto";
import { apiKeySecretMatches, generateApiKey, IdentityError, parseApiKey, Role, type Identity } from "@prelabel/identity";
import { AppError, ErrorCode } from "@prelabel/service-kit";
import type { ApiKeyRecord, IdentityRepository, TenantRecord } from "../domain/identity.repository.js";

/** lastUsedAt is a hint for admins, not an audit log: at most one write a minute per key keeps authentication read-mostly. */
export const LAST_USED_RESOLUTION_MS = 60_000;
const MAX_NAME_LENGTH = 100;

export type AuthenticationOutcome = { readonly identity: Identity } | { readonly failure: "MALFORMED" | "UNKNOWN_KEY" | "REVOKED" };

export interface CreatedApiKey {
  readonly apiKey: ApiKeyRecord;
  /** The whole key, returned once and never stored. */
  readonly key: string;
}

/** Tenants and API keys: who may create and revoke keys, and what a presented key is worth. */
export class IdentityService {
  constructor(
    private readonly repository: IdentityRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async viewer(caller: Identity): Promise<{ tenant: TenantRecord; subject: string; roles: readonly Role[] }> {
    const tenant = await this.repository.findTenant(caller.tenantId);
    if (!tenant) throw new AppError(ErrorCode.NotFound, "Your tenant no longer exists");
    return { tenant, subject: caller.subject, roles: caller.roles };
  }

  listApiKeys(caller: Identity): Promise<ApiKeyRecord[]> {
    return this.repository.listApiKeys(caller.tenantId);
  }

  async createApiKey(caller: Identity, input: { name: string; role: Role }): Promise<CreatedApiKey> {
    requireAdmin(caller, "create API keys");
    const name = checkName(input.name);
    const generated = generateApiKey();
    const apiKey = await this.repository.insertApiKey({
      id: generated.keyId,
      tenantId: caller.tenantId,
      name,
      role: input.role,
      secretHash: generated.secretHash,
    });
    return { apiKey, key: generated.key };
  }

  async revokeApiKey(caller: Identity, id: string): Promise<ApiKeyRecord> {
    requireAdmin(caller, "revoke API keys");
    // Another tenant's key is as unknown as a missing one: ids do not reveal other tenants.
    const revoked = await this.repository.revokeApiKey(caller.tenantId, id, this.now());
    if (!revoked) throw new AppError(ErrorCode.NotFound, `No API key "${id}"`);
    return revoked;
  }

  /** A new tenant and its first ADMIN key (the create-tenant CLI). */
  async createTenant(input: { name: string; keyName?: string }): Promise<{ tenant: TenantRecord } & CreatedApiKey> {
    const name = checkName(input.name);
    const generated = generateApiKey();
    const tenantId = randomUUID();
    const { tenant, apiKey } = await this.repository.createTenant(
      { id: tenantId, name },
      {
        id: generated.keyId,
        tenantId,
        name: checkName(input.keyName ?? "first admin key"),
        role: Role.Admin,
        secretHash: generated.secretHash,
      },
    );
    return { tenant, apiKey, key: generated.key };
  }

  /** What the gateway asks for every request it has not cached: the key's tenant and role, or why not. */
  async authenticate(presented: string): Promise<AuthenticationOutcome> {
    let parsed;
    try {
      parsed = parseApiKey(presented);
    } catch (err) {
      if (err instanceof IdentityError) return { failure: "MALFORMED" };
      throw err;
    }
    const key = await this.repository.findApiKey(parsed.keyId);
    // Hash and compare even for an unknown id, so timing does not tell ids apart.
    const matches = apiKeySecretMatches(parsed.secret, key?.secretHash ?? Buffer.alloc(32));
    if (!key || !matches) return { failure: "UNKNOWN_KEY" };
    if (key.revokedAt) return { failure: "REVOKED" };
    await this.repository.touchApiKey(key.id, this.now(), LAST_USED_RESOLUTION_MS);
    return { identity: { tenantId: key.tenantId, subject: key.id, roles: [key.role] } };
  }
}

function requireAdmin(caller: Identity, what: string): void {
  if (!caller.roles.includes(Role.Admin)) throw new AppError(ErrorCode.Forbidden, `Only an ADMIN may ${what}`);
}

function checkName(raw: string): string {
  const name = raw.trim();
  if (!name || name.length > MAX_NAME_LENGTH) {
    throw new AppError(ErrorCode.BadUserInput, `A name needs 1 to ${MAX_NAME_LENGTH} characters`, { field: "name" });
  }
  return name;
}

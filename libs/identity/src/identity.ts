/** Who is calling: the tenant, the principal inside it (an API key id for now) and its roles. */
export const Role = { Admin: "ADMIN", Member: "MEMBER" } as const;
export type Role = (typeof Role)[keyof typeof Role];

export const ROLES: readonly Role[] = [Role.Admin, Role.Member];

export interface Identity {
  readonly tenantId: string;
  readonly subject: string;
  readonly roles: readonly Role[];
}

/** The self-hosted tenant: every row belongs to it until tenancy scoping lands, and self-hosted callers act as it. */
export const DEFAULT_TENANT_ID = "default";

/** Who a self-hosted caller is when no (valid) assertion arrives: the one admin of the default tenant. */
export const SELF_HOSTED_IDENTITY: Identity = Object.freeze({
  tenantId: DEFAULT_TENANT_ID,
  subject: "self-hosted",
  roles: Object.freeze([Role.Admin]),
});

export const isRole = (value: unknown): value is Role => value === Role.Admin || value === Role.Member;

import { createPublicKey, randomBytes } from "node:crypto";
import { generateIdentityKeyPair, parseIdentityPrivateKey } from "@prelabel/identity";
import { SecretBox } from "@prelabel/secret-box";

/** The create-tenant CLI, relative to the repository root (the working directory of `npm start`). */
export const CREATE_TENANT_CLI = "services/identity/dist/src/cli/create-tenant.cli.js";

export interface GeneratedVariable {
  readonly name: string;
  /** How it was made, for the startup output. */
  readonly how: string;
}

export interface CloudEnv {
  readonly cloud: boolean;
  /** The environment with what cloud mode needs and was not configured filled in. */
  readonly env: Record<string, string | undefined>;
  readonly generated: readonly GeneratedVariable[];
}

export class CloudSetupError extends Error {
  override readonly name = "CloudSetupError";
}

const isSet = (v: string | undefined): v is string => v !== undefined && v.trim() !== "";

/**
 * `PRELABEL_MODE=cloud npm start` on embedded defaults: the Ed25519 pair the gateway signs identities with and the
 * key ring that seals hub credentials are generated for this run when unset (a configured value is used as given;
 * a private key alone gives its public half). Self-hosted mode changes nothing.
 */
export function completeCloudEnv(env: Record<string, string | undefined>): CloudEnv {
  if (env.PRELABEL_MODE?.trim() !== "cloud") return { cloud: false, env, generated: [] };
  const out = { ...env };
  const generated: GeneratedVariable[] = [];
  const privateKey = env.IDENTITY_PRIVATE_KEY;
  if (!isSet(privateKey) && isSet(env.IDENTITY_PUBLIC_KEY)) {
    throw new CloudSetupError(
      "IDENTITY_PUBLIC_KEY is set but IDENTITY_PRIVATE_KEY is not: the gateway could not sign identities the subgraphs accept. Set both, or neither for a pair generated for this run.",
    );
  }
  if (!isSet(privateKey)) {
    const pair = generateIdentityKeyPair();
    out.IDENTITY_PRIVATE_KEY = pair.privateKey;
    out.IDENTITY_PUBLIC_KEY = pair.publicKey;
    generated.push(
      { name: "IDENTITY_PRIVATE_KEY", how: "a fresh Ed25519 pair for this run" },
      { name: "IDENTITY_PUBLIC_KEY", how: "its public half" },
    );
  } else if (!isSet(env.IDENTITY_PUBLIC_KEY)) {
    let key;
    try {
      key = parseIdentityPrivateKey(privateKey);
    } catch (err) {
      // The gateway's schema reports the bad value itself; only the derivation is impossible here.
      throw new CloudSetupError(`IDENTITY_PRIVATE_KEY: ${(err as Error).message}`);
    }
    out.IDENTITY_PUBLIC_KEY = createPublicKey(key).export({ format: "der", type: "spki" }).toString("base64");
    generated.push({ name: "IDENTITY_PUBLIC_KEY", how: "derived from your IDENTITY_PRIVATE_KEY" });
  }
  if (!isSet(env.PRELABEL_SECRET_KEYS)) {
    out.PRELABEL_SECRET_KEYS = SecretBox.generateKey("dev");
    generated.push({
      name: "PRELABEL_SECRET_KEYS",
      how: "a fresh key ring for this run: hub credentials saved now cannot be opened after a restart unless you set it",
    });
  }
  if (!isSet(env.EXPORT_TOKEN_SECRET)) {
    out.EXPORT_TOKEN_SECRET = randomBytes(32).toString("base64url");
    generated.push({ name: "EXPORT_TOKEN_SECRET", how: "a fresh key for annotation download links: links die with this run" });
  }
  return { cloud: true, env: out, generated };
}

/** Single-quoted for a POSIX shell. */
export const shellQuote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/** A URL fit to print: its password, if any, replaced. */
export function withoutPassword(url: string): { text: string; hidden: boolean } {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return { text: url, hidden: false };
    parsed.password = "PASSWORD";
    return { text: parsed.toString(), hidden: true };
  } catch {
    return { text: "<your DATABASE_URL>", hidden: true };
  }
}

/** The exact command that creates a tenant and its first ADMIN key on this stack's database. */
export function createTenantCommand(databaseUrl: string, tenantName = "acme"): { command: string; passwordHidden: boolean } {
  const url = withoutPassword(databaseUrl);
  return {
    command: `DATABASE_URL=${shellQuote(url.text)} node ${CREATE_TENANT_CLI} --name ${shellQuote(tenantName)}`,
    passwordHidden: url.hidden,
  };
}

/** What a first user of a cloud-mode dev stack needs: how to get a key and how to send it. */
export function firstUserInstructions(gatewayUrl: string, databaseUrl: string): string[] {
  const { command, passwordHidden } = createTenantCommand(databaseUrl);
  const query = JSON.stringify({ query: "{ deploymentMode viewer { tenant { name } roles } }" });
  return [
    "Cloud mode: every request needs an API key, sent as `Authorization: Bearer <apiKey>` (graphql-ws: `Authorization` in the connection_init payload).",
    `Create a tenant and its first ADMIN key (from the repository root; it needs only the database${passwordHidden ? ", put your password back in" : ""}; prints {"tenantId","tenantName","keyId","apiKey"} once):`,
    `  ${command}`,
    "Then:",
    `  curl -s ${gatewayUrl} -H 'content-type: application/json' -H 'authorization: Bearer <apiKey>' -d ${shellQuote(query)}`,
    "The ADMIN key creates the tenant's other keys (createApiKey). `npm start -- --create-tenant <name>` creates a tenant at start-up.",
  ];
}

import type { ReactNode } from "react";
import { vi } from "vitest";
import type { ApiKeyRow, SessionViewer } from "./identity.api.js";
import { ConsoleSessionContext, type ConsoleSession, type SessionState } from "./console-session.provider.js";

/**
 * Test doubles for cloud mode. `fakeGateway` answers the console's real urql client over a fake `fetch` the way the
 * gateway does (401 UNAUTHENTICATED for a missing or refused key), so the session, the exchange and the headers are
 * exercised together; `withSession` fixes a session for pages tested with a mock client.
 */

export const TENANT = { id: "tenant-a", name: "Acme Labs" } as const;

export const viewerOf = (subject: string, roles: SessionViewer["roles"]): SessionViewer => ({ tenant: { ...TENANT }, subject, roles });

export interface FakeGatewayRequest {
  readonly operationName: string;
  readonly authorization: string | null;
  readonly variables: Record<string, unknown>;
}

export interface FakeGateway {
  readonly fetch: typeof fetch;
  /** Every request, in order. */
  readonly requests: FakeGatewayRequest[];
  /** Keys the gateway accepts, and whose they are. */
  readonly keys: Map<string, SessionViewer>;
  /** Answer `UNAUTHENTICATED` with HTTP 200 (as a subgraph's refusal relayed in a result) instead of 401. */
  refuseInBody: boolean;
}

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/**
 * A gateway in `mode`: self-hosted answers everyone; cloud answers only a key in `keys`. `answer` gives the data of
 * the other operations (by name); unknown ones answer an empty object.
 */
export function fakeGateway(
  mode: "CLOUD" | "SELF_HOSTED",
  answer: (operationName: string, variables: Record<string, unknown>) => unknown = () => ({}),
): FakeGateway {
  const requests: FakeGatewayRequest[] = [];
  const keys = new Map<string, SessionViewer>();
  const gateway: FakeGateway = {
    requests,
    keys,
    refuseInBody: false,
    fetch: vi.fn((_url: RequestInfo | URL, init?: RequestInit) => {
      // The console's client posts JSON text.
      const body = JSON.parse(typeof init?.body === "string" ? init.body : "{}") as {
        operationName?: string;
        variables?: Record<string, unknown>;
      };
      const headers = new Headers(init?.headers);
      const authorization = headers.get("authorization");
      const request = { operationName: body.operationName ?? "", authorization, variables: body.variables ?? {} };
      requests.push(request);
      const key = authorization?.replace(/^Bearer /, "");
      const viewer = mode === "SELF_HOSTED" ? viewerOf("self-hosted", ["ADMIN"]) : key ? keys.get(key) : undefined;
      if (!viewer) {
        const refusal = { errors: [{ message: "A valid API key is required", extensions: { code: "UNAUTHENTICATED" } }] };
        return Promise.resolve(gateway.refuseInBody ? json(200, { data: null, ...refusal }) : json(401, refusal));
      }
      if (request.operationName === "DeploymentMode") return Promise.resolve(json(200, { data: { deploymentMode: mode } }));
      if (request.operationName === "Viewer") return Promise.resolve(json(200, { data: { viewer } }));
      return Promise.resolve(json(200, { data: answer(request.operationName, request.variables) }));
    }),
  };
  return gateway;
}

/** A fixed session around `children` (pages and the shell read it through useConsoleSession). */
export function withSession(state: SessionState, overrides: Partial<ConsoleSession> = {}) {
  const session: ConsoleSession = {
    state,
    signIn: vi.fn(() => Promise.resolve(null)),
    signOut: vi.fn(),
    retry: vi.fn(),
    ...overrides,
  };
  const Wrapper = ({ children }: { children: ReactNode }) => (
    <ConsoleSessionContext.Provider value={session}>{children}</ConsoleSessionContext.Provider>
  );
  return { session, Wrapper };
}

export const apiKeyRow = (over: Partial<ApiKeyRow> & Pick<ApiKeyRow, "id" | "name">): ApiKeyRow => ({
  role: "MEMBER",
  hint: `plk_${over.id}_…`,
  createdAt: "2026-12-01T09:30:00.000Z",
  lastUsedAt: null,
  revokedAt: null,
  ...over,
});

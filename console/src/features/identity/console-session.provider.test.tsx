import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { vi } from "vitest";
import { App } from "../../app.js";
import { createConsoleClient, sessionApiKeyStore, type ConsoleClient } from "../../graphql/index.js";
import { ConsoleSessionProvider, type ConnectOptions } from "./console-session.provider.js";
import { REFUSED_KEY_MESSAGE } from "./identity-error.messages.js";
import { fakeGateway, TENANT, viewerOf, type FakeGateway } from "./identity.testing.js";

const ADMIN_KEY = "plk_00000000000000a1_adminsecret";
const MEMBER_KEY = "plk_00000000000000b2_membersecret";

/** What the tasks page and the API keys page ask for, answered as an empty tenant would. */
const pages = (operationName: string): unknown => {
  if (operationName === "Tasks") return { tasks: { totalCount: 0, edges: [] } };
  if (operationName === "ApiKeys") return { apiKeys: [] };
  return {};
};

/** The whole console (session provider, real urql client and exchange) against `gateway`, at `path`. */
function renderConsole(gateway: FakeGateway, path = "/") {
  const clients: ConsoleClient[] = [];
  const connect = (options: ConnectOptions): ConsoleClient => {
    const client = createConsoleClient({ location: { protocol: "http:", host: "console.test" }, fetch: gateway.fetch, ...options });
    vi.spyOn(client, "dispose");
    clients.push(client);
    return client;
  };
  const user = userEvent.setup();
  render(
    <MemoryRouter initialEntries={[path]}>
      <ConsoleSessionProvider apiKeys={sessionApiKeyStore(window.sessionStorage)} connect={connect}>
        <App />
      </ConsoleSessionProvider>
    </MemoryRouter>,
  );
  return { user, clients };
}

async function signIn(user: ReturnType<typeof userEvent.setup>, key: string) {
  const input = await screen.findByLabelText("API key");
  await user.clear(input);
  await user.type(input, key);
  await user.click(screen.getByRole("button", { name: "Sign in" }));
}

beforeEach(() => {
  window.sessionStorage.clear();
  window.localStorage.clear();
});

describe("self-hosted mode", () => {
  it("opens the console with no sign-in, no session controls and no key sent", async () => {
    const gateway = fakeGateway("SELF_HOSTED", pages);
    renderConsole(gateway);
    expect(await screen.findByRole("heading", { level: 2, name: "Tasks" })).toBeInTheDocument();
    expect(screen.queryByLabelText("API key")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Sign out" })).not.toBeInTheDocument();
    expect(within(screen.getByRole("navigation", { name: "Main" })).queryByRole("link", { name: "API keys" })).not.toBeInTheDocument();
    expect(gateway.requests.map((r) => r.operationName)).not.toContain("Viewer");
    expect(gateway.requests.every((r) => r.authorization === null)).toBe(true);
  });
});

describe("cloud mode sign-in", () => {
  it("asks for a key (a labelled password field) when the gateway refuses an anonymous request", async () => {
    const gateway = fakeGateway("CLOUD", pages);
    renderConsole(gateway);
    const input = await screen.findByLabelText("API key");
    expect(input).toHaveAttribute("type", "password");
    expect(input).not.toHaveAttribute("name");
    expect(screen.getByRole("heading", { level: 2, name: "Sign in" })).toBeInTheDocument();
    // A first visit is not a refusal: no alert about a revoked key, and no pages behind the form.
    expect(screen.queryByText(REFUSED_KEY_MESSAGE)).not.toBeInTheDocument();
    expect(screen.queryByRole("navigation", { name: "Main" })).not.toBeInTheDocument();
    expect(gateway.requests.map((r) => r.operationName)).not.toContain("Tasks");
  });

  it("refuses an unknown key in place and keeps nothing", async () => {
    const gateway = fakeGateway("CLOUD", pages);
    gateway.keys.set(ADMIN_KEY, viewerOf("00000000000000a1", ["ADMIN"]));
    const { user } = renderConsole(gateway);
    await signIn(user, "plk_0000000000000000_wrong");
    const error = await screen.findByText(/This API key was not accepted/);
    expect(error).toHaveAttribute("role", "alert");
    expect(screen.getByLabelText("API key")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("API key")).toHaveFocus();
    expect(window.sessionStorage.length).toBe(0);
    expect(window.localStorage.length).toBe(0);
    expect(gateway.requests.at(-1)).toMatchObject({ operationName: "Viewer", authorization: "Bearer plk_0000000000000000_wrong" });
  });

  it("verifies the key with viewer, keeps it in sessionStorage only, and shows the tenant and the role", async () => {
    const gateway = fakeGateway("CLOUD", pages);
    gateway.keys.set(ADMIN_KEY, viewerOf("00000000000000a1", ["ADMIN"]));
    const { user } = renderConsole(gateway);
    await signIn(user, `  ${ADMIN_KEY} `);

    expect(await screen.findByRole("heading", { level: 2, name: "Tasks" })).toBeInTheDocument();
    const header = screen.getByRole("banner");
    expect(header).toHaveTextContent(`Signed in to ${TENANT.name} as ADMIN`);
    expect(within(header).getByRole("button", { name: "Sign out" })).toBeInTheDocument();
    expect(within(screen.getByRole("navigation", { name: "Main" })).getByRole("link", { name: "API keys" })).toBeInTheDocument();

    expect(window.sessionStorage.getItem("prelabel.apiKey")).toBe(ADMIN_KEY);
    expect(window.localStorage.length).toBe(0);
    expect(document.cookie).toBe("");
    expect(window.location.href).not.toContain(ADMIN_KEY);
    // Every request after sign-in carries the key.
    await waitFor(() => expect(gateway.requests.map((r) => r.operationName)).toContain("Tasks"));
    expect(gateway.requests.find((r) => r.operationName === "Tasks")?.authorization).toBe(`Bearer ${ADMIN_KEY}`);
  });

  it("a MEMBER sees the tenant and role but no API keys link", async () => {
    const gateway = fakeGateway("CLOUD", pages);
    gateway.keys.set(MEMBER_KEY, viewerOf("00000000000000b2", ["MEMBER"]));
    const { user } = renderConsole(gateway);
    await signIn(user, MEMBER_KEY);
    expect(await screen.findByRole("banner")).toHaveTextContent(`Signed in to ${TENANT.name} as MEMBER`);
    expect(within(screen.getByRole("navigation", { name: "Main" })).queryByRole("link", { name: "API keys" })).not.toBeInTheDocument();
  });

  it("a reload with the key still in this tab's session opens the console without asking again", async () => {
    const gateway = fakeGateway("CLOUD", pages);
    gateway.keys.set(ADMIN_KEY, viewerOf("00000000000000a1", ["ADMIN"]));
    window.sessionStorage.setItem("prelabel.apiKey", ADMIN_KEY);
    renderConsole(gateway);
    expect(await screen.findByRole("heading", { level: 2, name: "Tasks" })).toBeInTheDocument();
    expect(screen.getByRole("banner")).toHaveTextContent(TENANT.name);
    expect(screen.queryByLabelText("API key")).not.toBeInTheDocument();
  });

  it("a stored key the gateway no longer accepts is dropped, and sign-in says why", async () => {
    const gateway = fakeGateway("CLOUD", pages);
    window.sessionStorage.setItem("prelabel.apiKey", ADMIN_KEY);
    renderConsole(gateway);
    expect(await screen.findByText(REFUSED_KEY_MESSAGE)).toHaveAttribute("role", "alert");
    expect(screen.getByLabelText("API key")).toBeInTheDocument();
    expect(window.sessionStorage.getItem("prelabel.apiKey")).toBeNull();
  });
});

describe("a refused key while signed in", () => {
  it.each([
    ["HTTP 401", false],
    ["an UNAUTHENTICATED error in the result", true],
  ])("%s on the next action returns to sign-in with the reason, and forgets the key", async (_how, inBody) => {
    const gateway = fakeGateway("CLOUD", pages);
    gateway.keys.set(ADMIN_KEY, viewerOf("00000000000000a1", ["ADMIN"]));
    const { user, clients } = renderConsole(gateway);
    await signIn(user, ADMIN_KEY);
    await screen.findByRole("heading", { level: 2, name: "Tasks" });

    // Revoked elsewhere; the next page this user opens asks the gateway, which refuses.
    gateway.keys.delete(ADMIN_KEY);
    gateway.refuseInBody = inBody;
    await user.click(screen.getByRole("link", { name: "API keys" }));

    expect(await screen.findByText(REFUSED_KEY_MESSAGE)).toHaveAttribute("role", "alert");
    expect(screen.getByLabelText("API key")).toHaveFocus();
    expect(screen.queryByRole("button", { name: "Sign out" })).not.toBeInTheDocument();
    expect(window.sessionStorage.getItem("prelabel.apiKey")).toBeNull();
    // The signed-in client (its cache and its socket) is gone.
    const signedIn = clients.find((c) => vi.mocked(c.dispose).mock.calls.length > 0);
    expect(signedIn).toBeDefined();
  });
});

describe("sign out", () => {
  it("forgets the key, closes the client and starts the next session from an empty cache", async () => {
    const gateway = fakeGateway("CLOUD", pages);
    gateway.keys.set(ADMIN_KEY, viewerOf("00000000000000a1", ["ADMIN"]));
    const { user, clients } = renderConsole(gateway);
    await signIn(user, ADMIN_KEY);
    await screen.findByRole("heading", { level: 2, name: "Tasks" });
    await waitFor(() => expect(gateway.requests.filter((r) => r.operationName === "Tasks")).toHaveLength(1));
    const signedInClient = clients.at(-1)!;

    await user.click(screen.getByRole("button", { name: "Sign out" }));
    expect(await screen.findByText(/You signed out/)).toBeInTheDocument();
    expect(screen.queryByText(REFUSED_KEY_MESSAGE)).not.toBeInTheDocument();
    expect(window.sessionStorage.getItem("prelabel.apiKey")).toBeNull();
    expect(signedInClient.dispose).toHaveBeenCalled();

    // Signed in again: the tasks are asked for again, not served from the previous session's cache.
    await signIn(user, ADMIN_KEY);
    await screen.findByRole("heading", { level: 2, name: "Tasks" });
    await waitFor(() => expect(gateway.requests.filter((r) => r.operationName === "Tasks")).toHaveLength(2));
  });
});

describe("an unreachable gateway", () => {
  it("says so and tries again on request", async () => {
    const gateway = fakeGateway("SELF_HOSTED", pages);
    const answer = gateway.fetch;
    let down = true;
    const fetchImpl = vi.fn((...args: Parameters<typeof fetch>) =>
      down ? Promise.reject(new TypeError("Failed to fetch")) : answer(...args),
    );
    const user = userEvent.setup();
    render(
      <MemoryRouter>
        <ConsoleSessionProvider
          apiKeys={sessionApiKeyStore(window.sessionStorage)}
          connect={(o) => createConsoleClient({ location: { protocol: "http:", host: "console.test" }, fetch: fetchImpl, ...o })}
        >
          <App />
        </ConsoleSessionProvider>
      </MemoryRouter>,
    );
    expect(await screen.findByText(/Could not reach Prelabel/)).toBeInTheDocument();
    down = false;
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("heading", { level: 2, name: "Tasks" })).toBeInTheDocument();
  });
});

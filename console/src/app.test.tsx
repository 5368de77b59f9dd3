import { cleanup, render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { Provider } from "urql";
import { App } from "./app.js";
import type { SessionState } from "./features/identity/index.js";
import { viewerOf, withSession } from "./features/identity/identity.testing.js";
import { mockClient } from "./test/mock-client.js";

/** Without a session (as here by default) the shell is self-hosted's. One answer for every page's query. */
function renderAt(path: string, session?: SessionState) {
  const { client } = mockClient({ data: { tasks: { totalCount: 0, edges: [] }, apiKeys: [], deploymentMode: "SELF_HOSTED", models: [] } });
  const { Wrapper } = withSession(session ?? { kind: "self-hosted" });
  return render(
    <Provider value={client}>
      <MemoryRouter initialEntries={[path]}>
        {session ? (
          <Wrapper>
            <App />
          </Wrapper>
        ) : (
          <App />
        )}
      </MemoryRouter>
    </Provider>,
  );
}

describe("App", () => {
  it("renders the product's name and the navigation", () => {
    renderAt("/");
    expect(screen.getByRole("heading", { name: "Prelabel" })).toBeInTheDocument();
    const nav = screen.getByRole("navigation", { name: "Main" });
    expect(nav).toHaveTextContent("Tasks");
    expect(nav).toHaveTextContent("Models");
  });

  it.each([
    ["/", "Tasks"],
    ["/models", "Models"],
    ["/nowhere", "Not found"],
  ])("routes %s to its page", (path, heading) => {
    renderAt(path);
    expect(screen.getByRole("heading", { level: 2, name: heading })).toBeInTheDocument();
  });

  it("routes /tasks/:id to the task page, which asks for that task", () => {
    renderAt("/tasks/t-1");
    // The mock knows no task t-1: the task page says so (the page itself is tested in features/task).
    expect(screen.getByRole("alert")).toHaveTextContent("Task t-1 does not exist.");
  });

  it("in cloud mode, shows the tenant and the role, and the API keys link to an ADMIN only", () => {
    renderAt("/", { kind: "cloud", viewer: viewerOf("k1", ["ADMIN"]) });
    expect(screen.getByRole("banner")).toHaveTextContent("Signed in to Acme Labs as ADMIN");
    expect(screen.getByRole("navigation", { name: "Main" })).toHaveTextContent("API keys");
    cleanup();
    renderAt("/", { kind: "cloud", viewer: viewerOf("k2", ["MEMBER"]) });
    expect(screen.getByRole("banner")).toHaveTextContent("Signed in to Acme Labs as MEMBER");
    expect(screen.getByRole("navigation", { name: "Main" })).not.toHaveTextContent("API keys");
  });

  it("signed out, shows sign-in in place of any page, at any address", () => {
    renderAt("/tasks/t-1", { kind: "signed-out", reason: "none" });
    expect(screen.getByRole("heading", { level: 2, name: "Sign in" })).toBeInTheDocument();
    expect(screen.queryByRole("navigation", { name: "Main" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Sign out" })).not.toBeInTheDocument();
  });
});

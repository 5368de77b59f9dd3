import { render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { Provider } from "urql";
import { App } from "./app.js";
import { mockClient } from "./test/mock-client.js";

function renderAt(path: string) {
  // One answer for every page's query: the tasks list's and the Models page's fields.
  const { client } = mockClient({ data: { tasks: { totalCount: 0, edges: [] }, deploymentMode: "SELF_HOSTED", models: [] } });
  return render(
    <Provider value={client}>
      <MemoryRouter initialEntries={[path]}>
        <App />
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
});

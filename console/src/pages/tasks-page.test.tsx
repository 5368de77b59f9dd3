import { render, screen, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { Provider } from "urql";
import { CombinedError } from "@urql/core";
import type { TasksQuery } from "../gql/graphql.js";
import { mockClient } from "../test/mock-client.js";
import { TASKS_PAGE_SIZE, TasksPage } from "./tasks-page.js";

const task = (id: string, name: string, size: number, labels: number, status?: "RUNNING" | "COMPLETED") => ({
  node: {
    id,
    name,
    size,
    labels: Array.from({ length: labels }, (_, i) => ({ id: `${id}-l${i}` })),
    autoAnnotationJobs: status ? [{ id: `${id}-job`, status }] : [],
  },
});

function renderPage(client: ReturnType<typeof mockClient>["client"]) {
  return render(
    <Provider value={client}>
      <MemoryRouter>
        <TasksPage />
      </MemoryRouter>
    </Provider>,
  );
}

describe("TasksPage", () => {
  it("lists each task with its size, label count, last job and a link to its page", () => {
    const data: TasksQuery = {
      tasks: { totalCount: 2, edges: [task("t-1", "Receipts", 12, 3, "RUNNING"), task("t/2", "Faces", 0, 1)] },
    };
    const { client, executeQuery } = mockClient({ data });
    renderPage(client);

    const rows = within(screen.getByRole("table")).getAllByRole("row").slice(1);
    expect(
      rows.map((row) =>
        within(row)
          .getAllByRole("cell")
          .map((cell) => cell.textContent),
      ),
    ).toEqual([
      ["Receipts", "12", "3", "RUNNING"],
      ["Faces", "0", "1", "none"],
    ]);
    expect(screen.getByRole("link", { name: "Receipts" })).toHaveAttribute("href", "/tasks/t-1");
    expect(screen.getByRole("link", { name: "Faces" })).toHaveAttribute("href", "/tasks/t%2F2");
    expect(screen.queryByText(/Showing the newest/)).not.toBeInTheDocument();
    // One page of the newest tasks is asked for, never the whole list.
    expect(executeQuery).toHaveBeenCalledTimes(1);
    const [request] = executeQuery.mock.calls[0] as unknown as [{ variables: unknown }];
    expect(request.variables).toEqual({ first: TASKS_PAGE_SIZE });
  });

  it("says how many tasks there are beyond the page", () => {
    const { client } = mockClient({ data: { tasks: { totalCount: 120, edges: [task("t-1", "Receipts", 1, 1)] } } });
    renderPage(client);
    expect(screen.getByText("Showing the newest 1 of 120 tasks.")).toBeInTheDocument();
  });

  it("says when there are no tasks", () => {
    const { client } = mockClient({ data: { tasks: { totalCount: 0, edges: [] } } });
    renderPage(client);
    expect(screen.getByText("No tasks yet.")).toBeInTheDocument();
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
  });

  it("shows a failed request in place", () => {
    const error = new CombinedError({ graphQLErrors: [{ message: "Service unavailable", extensions: { code: "SERVICE_UNAVAILABLE" } }] });
    const { client } = mockClient({ error });
    renderPage(client);
    expect(screen.getByRole("alert")).toHaveTextContent("Could not load the tasks: [GraphQL] Service unavailable");
  });
});

import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Provider } from "urql";
import { fromValue } from "wonka";
import { graphQLError } from "../auto-annotation/auto-annotation.testing.js";
import { routedMockClient, variablesOf } from "../../test/mock-client.js";
import { DeleteTaskAction } from "./task-delete.dialog.js";

function setup(answer: object) {
  const mock = routedMockClient({ mutation: (name) => (name === "DeleteTask" ? fromValue(answer) : undefined) });
  const onDeleted = vi.fn();
  render(
    <Provider value={mock.client}>
      <DeleteTaskAction task={{ id: "t1", name: "Street", size: 3 }} onDeleted={onDeleted} />
    </Provider>,
  );
  return { ...mock, onDeleted, user: userEvent.setup({ delay: null }) };
}

describe("DeleteTaskAction", () => {
  it("asks first, keeps the focus in the dialog, and Escape cancels back to the button", async () => {
    const { user, executeMutation } = setup({ data: { deleteTask: true } });
    const opener = screen.getByRole("button", { name: "Delete task" });
    await user.click(opener);
    const dialog = screen.getByRole("alertdialog", { name: "Delete task" });
    expect(dialog).toHaveAccessibleDescription(/Delete “Street” with its labels, 3 frames/);
    expect(screen.getByRole("button", { name: "Keep the task" })).toHaveFocus();
    await user.tab();
    expect(screen.getByRole("button", { name: "Delete" })).toHaveFocus();
    await user.tab();
    expect(screen.getByRole("button", { name: "Keep the task" })).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
    expect(executeMutation).not.toHaveBeenCalled();
  });

  it("deletes on confirmation, by keyboard", async () => {
    const { user, executeMutation, onDeleted } = setup({ data: { deleteTask: true } });
    await user.click(screen.getByRole("button", { name: "Delete task" }));
    await user.tab();
    await user.keyboard("{Enter}");
    expect(variablesOf(executeMutation, "DeleteTask")).toEqual([{ id: "t1" }]);
    expect(onDeleted).toHaveBeenCalledTimes(1);
  });

  it("shows the server's refusal in the dialog", async () => {
    const { user, onDeleted } = setup({ error: graphQLError("NOT_FOUND", "Task t1 does not exist") });
    await user.click(screen.getByRole("button", { name: "Delete task" }));
    await user.click(screen.getByRole("button", { name: "Delete" }));
    const dialog = screen.getByRole("alertdialog");
    expect(await screen.findByRole("alert")).toHaveTextContent("no longer exists");
    expect(dialog).toContainElement(screen.getByRole("alert"));
    expect(screen.getByRole("alert")).toHaveTextContent("Code: NOT_FOUND");
    expect(onDeleted).not.toHaveBeenCalled();
  });
});

import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Provider } from "urql";
import { fromValue } from "wonka";
import { graphQLError } from "../auto-annotation/auto-annotation.testing.js";
import { routedMockClient, variablesOf } from "../../test/mock-client.js";
import { FrameImportForm } from "./frame-import.form.js";

function setup(answer: object) {
  const mock = routedMockClient({ mutation: (name) => (name === "ImportFrames" ? fromValue(answer) : undefined) });
  const onImported = vi.fn();
  render(
    <Provider value={mock.client}>
      <FrameImportForm taskId="t1" onImported={onImported} />
    </Provider>,
  );
  return { ...mock, onImported, user: userEvent.setup({ delay: null }) };
}

describe("FrameImportForm", () => {
  it("imports the directory and reports the task's new size", async () => {
    const { user, executeMutation, onImported } = setup({ data: { importFrames: { id: "t1", size: 6 } } });
    await user.type(screen.getByLabelText("Server directory"), " documents ");
    await user.click(screen.getByRole("button", { name: "Import" }));
    expect(variablesOf(executeMutation, "ImportFrames")).toEqual([{ taskId: "t1", serverPath: "documents" }]);
    expect(await screen.findByRole("status")).toHaveTextContent("Imported “documents”; the task has 6 frames.");
    expect(onImported).toHaveBeenCalledWith(6);
  });

  it("asks for a directory before sending", async () => {
    const { user, executeMutation } = setup({});
    await user.click(screen.getByRole("button", { name: "Import" }));
    expect(screen.getByLabelText("Server directory")).toHaveAccessibleDescription(/Name a directory below the server's import root/);
    expect(executeMutation).not.toHaveBeenCalled();
  });

  it("explains INVALID_PATH in place", async () => {
    const { user, onImported } = setup({ error: graphQLError("INVALID_PATH", '"../etc" resolves outside the import root') });
    await user.type(screen.getByLabelText("Server directory"), "../etc");
    await user.click(screen.getByRole("button", { name: "Import" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent(
      `below the server's import root (IMPORT_ROOT), or importing is switched off: "../etc" resolves outside`,
    );
    expect(alert).toHaveTextContent("Code: INVALID_PATH");
    expect(screen.getByLabelText("Server directory")).toHaveAttribute("aria-invalid", "true");
    expect(onImported).not.toHaveBeenCalled();
  });
});

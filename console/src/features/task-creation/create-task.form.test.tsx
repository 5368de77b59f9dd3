import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Provider } from "urql";
import { fromValue } from "wonka";
import { graphQLError } from "../auto-annotation/auto-annotation.testing.js";
import { routedMockClient, variablesOf } from "../../test/mock-client.js";
import { CreateTaskForm } from "./create-task.form.js";

// Many keystrokes per test: typed without timers between them (delay: null), so a busy machine does not time them out.

function setup(answer: (input: unknown) => object) {
  const mock = routedMockClient({
    mutation: (name, variables) => (name === "CreateTask" ? fromValue(answer(variables.input)) : undefined),
  });
  const onCreated = vi.fn();
  render(
    <Provider value={mock.client}>
      <CreateTaskForm onCreated={onCreated} />
    </Provider>,
  );
  return { ...mock, onCreated, user: userEvent.setup({ delay: null }) };
}

describe("CreateTaskForm", () => {
  it("sends labels with typed attributes and skeleton points, then hands over the new task", async () => {
    const { user, executeMutation, onCreated } = setup(() => ({ data: { createTask: { id: "t9", name: "Faces" } } }));
    await user.type(screen.getByLabelText("Task name"), "Faces");
    await user.type(screen.getByLabelText("Label 1 name"), "face");
    await user.click(screen.getByRole("button", { name: "Add attribute to label 1" }));
    await user.type(screen.getByLabelText("Label 1 attribute 1 name"), "age");
    await user.selectOptions(screen.getByLabelText("Label 1 attribute 1 input type"), "NUMBER");
    await user.type(screen.getByLabelText("Label 1 attribute 1 values"), "0,100,1");
    await user.type(screen.getByLabelText("Label 1 attribute 1 default"), "30");
    await user.click(screen.getByRole("button", { name: "Add label" }));
    await user.type(screen.getByLabelText("Label 2 name"), "body");
    await user.selectOptions(screen.getByLabelText("Label 2 shape type"), "SKELETON");
    await user.type(screen.getByLabelText("Label 2 point 1 name"), "nose");
    await user.click(screen.getByRole("button", { name: "Add point to label 2" }));
    await user.type(screen.getByLabelText("Label 2 point 2 name"), "tail");
    await user.click(screen.getByRole("button", { name: "Create task" }));

    expect(variablesOf(executeMutation, "CreateTask")).toEqual([
      {
        input: {
          name: "Faces",
          labels: [
            {
              name: "face",
              type: "RECTANGLE",
              attributes: [{ name: "age", inputType: "NUMBER", values: ["0", "100", "1"], defaultValue: "30" }],
              sublabels: [],
            },
            {
              name: "body",
              type: "SKELETON",
              attributes: [],
              sublabels: [
                { name: "nose", type: "POINTS", attributes: [], sublabels: [] },
                { name: "tail", type: "POINTS", attributes: [], sublabels: [] },
              ],
            },
          ],
        },
      },
    ]);
    expect(onCreated).toHaveBeenCalledWith({ id: "t9", name: "Faces" });
  });

  it("explains mistakes beside their fields, focuses the first, and sends nothing", async () => {
    const { user, executeMutation } = setup(() => ({}));
    await user.type(screen.getByLabelText("Label 1 name"), "Car");
    await user.click(screen.getByRole("button", { name: "Add label" }));
    await user.type(screen.getByLabelText("Label 2 name"), "car");
    await user.click(screen.getByRole("button", { name: "Add attribute to label 2" }));
    await user.type(screen.getByLabelText("Label 2 attribute 1 name"), "n");
    await user.selectOptions(screen.getByLabelText("Label 2 attribute 1 input type"), "NUMBER");
    await user.type(screen.getByLabelText("Label 2 attribute 1 values"), "0,100");
    await user.click(screen.getByRole("button", { name: "Create task" }));

    const name = screen.getByLabelText("Task name");
    expect(name).toHaveAttribute("aria-invalid", "true");
    expect(name).toHaveAccessibleDescription("Give the task a name.");
    await vi.waitFor(() => expect(name).toHaveFocus());
    expect(screen.getByLabelText("Label 2 name")).toHaveAccessibleDescription(
      "Another label (number 1) already has this name; names are compared ignoring case.",
    );
    expect(screen.getByLabelText("Label 2 attribute 1 values")).toHaveAccessibleDescription(
      "A NUMBER attribute's values are min,max,step: three numbers, e.g. 0,100,1.",
    );
    expect(executeMutation).not.toHaveBeenCalled();

    // Fixing a field clears its mark at once.
    await user.type(name, "Street");
    expect(name).not.toHaveAttribute("aria-invalid");
  });

  it("shows the server's refusal with its meaning, and its problems at their fields", async () => {
    const { user, onCreated } = setup(() => ({
      error: graphQLError("INVALID_LABEL_SCHEMA", "Invalid label schema: labels[0].name: …", {
        problems: [{ path: "labels[0].name", message: "a label name must be at most 256 characters" }],
      }),
    }));
    await user.type(screen.getByLabelText("Task name"), "Street");
    await user.type(screen.getByLabelText("Label 1 name"), "car");
    await user.click(screen.getByRole("button", { name: "Create task" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("The server refused the labels: fix the fields it marks and try again.");
    expect(screen.getByRole("alert")).toHaveTextContent("Code: INVALID_LABEL_SCHEMA");
    expect(screen.getByLabelText("Label 1 name")).toHaveAccessibleDescription(
      "The server says: a label name must be at most 256 characters.",
    );
    expect(onCreated).not.toHaveBeenCalled();
  });
});

import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { CombinedError } from "@urql/core";
import { Provider } from "urql";
import { fromValue } from "wonka";
import { routedMockClient, variablesOf, type MockRoute } from "../../test/mock-client.js";
import { HubCredentialForm, HuggingFaceModelForm, RoboflowModelForm } from "./hub-model.forms.js";

const TOKEN = "hf_SecretTokenValue1234";

function renderWith(ui: React.ReactElement, mutation: MockRoute) {
  const mock = routedMockClient({ mutation });
  render(<Provider value={mock.client}>{ui}</Provider>);
  return mock;
}

/** The token must be nowhere in the page: not as text, not in an attribute, not as an input's value. */
function expectTokenGone(token: string) {
  expect(document.body.innerHTML).not.toContain(token);
  for (const input of Array.from(document.querySelectorAll("input"))) expect(input.value).not.toContain(token);
}

// userEvent types key by key: slow on a loaded machine, hence the longer timeout.
describe("HuggingFaceModelForm", { timeout: 30_000 }, () => {
  it("sends the token once from a password field, then empties it; the page never shows it", async () => {
    const onAdded = vi.fn();
    const { executeMutation } = renderWith(<HuggingFaceModelForm onAdded={onAdded} />, () =>
      fromValue({
        data: {
          addHuggingFaceModel: { __typename: "Model", id: "detr-1", name: "facebook/detr-resnet-50", hub: { credentialHint: "…1234" } },
        },
      }),
    );
    const token = screen.getByLabelText("Access token");
    expect(token).toHaveAttribute("type", "password");
    expect(token).toHaveAttribute("autocomplete", "off");
    expect(token).toHaveValue("");
    await userEvent.type(screen.getByLabelText("Model URL or repo id"), "https://huggingface.co/facebook/detr-resnet-50");
    await userEvent.type(token, TOKEN);
    expect(document.body.innerHTML).not.toContain(TOKEN);
    await userEvent.click(screen.getByRole("button", { name: "Add Hugging Face model" }));
    expect(variablesOf(executeMutation, "AddHuggingFaceModel")).toEqual([
      { input: { url: "https://huggingface.co/facebook/detr-resnet-50", token: TOKEN } },
    ]);
    expect(onAdded).toHaveBeenCalledWith(expect.objectContaining({ id: "detr-1" }));
    expectTokenGone(TOKEN);
  });

  it("explains HUB_* codes and empties the token even when the hub refuses it", async () => {
    const error = new CombinedError({ graphQLErrors: [{ message: "401 from the hub", extensions: { code: "HUB_UNAUTHORIZED" } }] });
    renderWith(<HuggingFaceModelForm onAdded={vi.fn()} />, () => fromValue({ error }));
    await userEvent.type(screen.getByLabelText("Model URL or repo id"), "org/private");
    await userEvent.type(screen.getByLabelText("Access token"), TOKEN);
    await userEvent.click(screen.getByRole("button", { name: "Add Hugging Face model" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The hub rejected the token or API key");
    expect(alert).toHaveTextContent("Code: HUB_UNAUTHORIZED");
    expectTokenGone(TOKEN);
  });

  it("checks the repo and the threshold before sending", async () => {
    const { executeMutation } = renderWith(<HuggingFaceModelForm onAdded={vi.fn()} />, () => undefined);
    await userEvent.type(screen.getByLabelText("Default threshold"), "2");
    await userEvent.click(screen.getByRole("button", { name: "Add Hugging Face model" }));
    expect(executeMutation).not.toHaveBeenCalled();
    expect(screen.getByText("Give the model's huggingface.co URL or its org/name.")).toBeInTheDocument();
    expect(screen.getByText("Greater than 0 and at most 1, or empty for 0.5.")).toBeInTheDocument();
  });
});

// userEvent types key by key: slow on a loaded machine, hence the longer timeout.
describe("RoboflowModelForm", { timeout: 30_000 }, () => {
  it("requires the API key and sends it write-only", async () => {
    const { executeMutation } = renderWith(<RoboflowModelForm onAdded={vi.fn()} />, () =>
      fromValue({ data: { addRoboflowModel: { __typename: "Model", id: "rf-1", name: "cells v3", hub: { credentialHint: "…5678" } } } }),
    );
    await userEvent.type(screen.getByLabelText("Model version URL"), "https://app.roboflow.com/ws/cells/3");
    await userEvent.click(screen.getByRole("button", { name: "Add Roboflow model" }));
    expect(screen.getByText("Roboflow needs the workspace's API key.")).toBeInTheDocument();
    expect(executeMutation).not.toHaveBeenCalled();
    const key = screen.getByLabelText("API key");
    expect(key).toHaveAttribute("type", "password");
    await userEvent.type(key, "rf_key_5678");
    await userEvent.click(screen.getByRole("button", { name: "Add Roboflow model" }));
    expect(variablesOf(executeMutation, "AddRoboflowModel")).toEqual([
      { input: { url: "https://app.roboflow.com/ws/cells/3", apiKey: "rf_key_5678" } },
    ]);
    expectTokenGone("rf_key_5678");
  });
});

// userEvent types key by key: slow on a loaded machine, hence the longer timeout.
describe("HubCredentialForm", { timeout: 30_000 }, () => {
  it("replaces the credential and shows only the new hint", async () => {
    const { executeMutation } = renderWith(
      <HubCredentialForm model={{ id: "detr-1", name: "DETR", hub: { credentialHint: "…1234" } }} onDone={vi.fn()} />,
      () => fromValue({ data: { updateHubCredential: { __typename: "Model", id: "detr-1", hub: { credentialHint: "…9999" } } } }),
    );
    expect(screen.getByText("Stored now: a credential ending in …1234.")).toBeInTheDocument();
    const field = screen.getByLabelText("New token or API key");
    expect(field).toHaveFocus();
    expect(field).toHaveAttribute("type", "password");
    expect(field).toHaveValue("");
    await userEvent.type(field, "hf_NewSecret9999");
    await userEvent.click(screen.getByRole("button", { name: "Save credential" }));
    expect(variablesOf(executeMutation, "UpdateHubCredential")).toEqual([{ id: "detr-1", token: "hf_NewSecret9999" }]);
    expect(await screen.findByRole("status")).toHaveTextContent("ending in …9999");
    expectTokenGone("hf_NewSecret9999");
  });
});

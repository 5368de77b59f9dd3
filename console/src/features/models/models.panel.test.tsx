import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { CombinedError } from "@urql/core";
import { Provider } from "urql";
import { fromValue } from "wonka";
import type { DeploymentMode } from "../../gql/graphql.js";
import { openResult, routedMockClient, variablesOf, type MockRoute } from "../../test/mock-client.js";
import type { ModelCardData } from "./models.api.js";
import { ModelsPanel } from "./models.panel.js";
import { modelCard } from "./models.testing.js";

const MODELS: ModelCardData[] = [
  modelCard({
    id: "hf-1",
    name: "DETR",
    source: "HUGGING_FACE",
    deletable: true,
    license: null,
    measuredMsPerFrame: null,
    hub: { provider: "HUGGING_FACE", modelRef: "facebook/detr-resnet-50", task: "object-detection", credentialHint: "…1234" },
  }),
  modelCard({ id: "up-1", name: "Pets", source: "UPLOAD", deletable: true, license: null, measuredMsPerFrame: null }),
  modelCard(),
  modelCard({
    id: "nuc-1",
    name: "SiamMask",
    source: "NUCLIO",
    kind: "TRACKER",
    supported: false,
    unsupportedReason: "a tracker",
    license: null,
    measuredMsPerFrame: null,
  }),
];

function renderPanel(mode: DeploymentMode, mutation?: MockRoute) {
  const mock = routedMockClient({ query: () => openResult({ data: { deploymentMode: mode, models: MODELS } }), mutation });
  render(
    <Provider value={mock.client}>
      <ModelsPanel />
    </Provider>,
  );
  return mock;
}

// userEvent types key by key: slow on a loaded machine, hence the longer timeout.
describe("ModelsPanel", { timeout: 30_000 }, () => {
  it("groups the cards by source in a fixed order", () => {
    renderPanel("SELF_HOSTED");
    const sections = screen.getAllByRole("region");
    expect(sections.map((s) => within(s).getByRole("heading", { level: 3 }).textContent)).toEqual([
      "Catalog (1)",
      "Uploaded (1)",
      "Hugging Face (1)",
      "Nuclio functions (1)",
    ]);
    expect(within(sections[1]).getByRole("article", { name: "Pets" })).toBeInTheDocument();
    // Catalog and Nuclio-dashboard models offer no delete.
    expect(within(sections[0]).queryByRole("button", { name: /Delete/ })).not.toBeInTheDocument();
  });

  it("offers the hub forms and credential updates in cloud mode only", () => {
    renderPanel("SELF_HOSTED");
    expect(screen.queryByRole("form", { name: "Add a Hugging Face model" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Update credential/ })).not.toBeInTheDocument();
    expect(screen.getByRole("form", { name: "Upload an ONNX detector" })).toBeInTheDocument();
  });

  it("in cloud mode adds hub models and updates a credential", async () => {
    renderPanel("CLOUD");
    expect(screen.getByRole("form", { name: "Add a Hugging Face model" })).toBeInTheDocument();
    expect(screen.getByRole("form", { name: "Add a Roboflow model" })).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Update credential of DETR" }));
    expect(screen.getByRole("form", { name: "Update the credential of DETR" })).toBeInTheDocument();
  });

  it("deletes an uploaded model after confirmation, refetching every list of models", async () => {
    const { executeMutation } = renderPanel("SELF_HOSTED", () => fromValue({ data: { deleteModel: true } }));
    await userEvent.click(screen.getByRole("button", { name: "Delete Pets" }));
    await userEvent.click(screen.getByRole("button", { name: "Yes, delete" }));
    expect(variablesOf(executeMutation, "DeleteModel")).toEqual([{ id: "up-1" }]);
    // useMutation passes its context beside the request: deleteModel's Boolean names no type for the cache.
    const [, context] = executeMutation.mock.calls[0] as unknown as [unknown, { additionalTypenames?: string[] }];
    expect(context.additionalTypenames).toEqual(["Model"]);
    expect(await screen.findByText("Deleted Pets.")).toBeInTheDocument();
  });

  it("shows the server's refusal to delete", async () => {
    const error = new CombinedError({ graphQLErrors: [{ message: "no", extensions: { code: "MODEL_NOT_DELETABLE" } }] });
    renderPanel("SELF_HOSTED", () => fromValue({ error }));
    await userEvent.click(screen.getByRole("button", { name: "Delete Pets" }));
    await userEvent.click(screen.getByRole("button", { name: "Yes, delete" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("This model cannot be deleted");
  });
});

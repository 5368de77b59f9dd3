import { useCallback, useState } from "react";
import "./models.css";
import { useClient, useMutation, useQuery } from "urql";
import { apiKeys, requestHeaders } from "../../graphql/index.js";
import { HubCredentialForm, HuggingFaceModelForm, RoboflowModelForm } from "./hub-model.forms.js";
import { ModelCard } from "./model-card.js";
import { describeModelRequestError, type ModelErrorView } from "./model-error.messages.js";
import { groupModelsBySource } from "./model-source.groups.js";
import { uploadModel, type UploadModelRequest } from "./model-upload.client.js";
import { ModelUploadForm } from "./model-upload.form.js";
import { DeleteModelDocument, ModelsPageDocument, type ModelCardData } from "./models.api.js";

/** Everything the Models page shows and does: the cards by source, upload, and (cloud mode) hub models. */
export function ModelsPanel() {
  const client = useClient();
  const [{ data, fetching, error }] = useQuery({ query: ModelsPageDocument });
  const [, deleteModel] = useMutation(DeleteModelDocument);
  const [notice, setNotice] = useState<string | null>(null);
  const [credentialFor, setCredentialFor] = useState<ModelCardData | null>(null);
  const cloud = data?.deploymentMode === "CLOUD";

  const onDelete = useCallback(
    async (model: ModelCardData): Promise<ModelErrorView | null> => {
      // deleteModel answers a Boolean, which names no type: tell the document cache which lists to refetch.
      const result = await deleteModel({ id: model.id }, { additionalTypenames: ["Model"] });
      if (result.error) return describeModelRequestError(result.error);
      setNotice(`Deleted ${model.name}.`);
      return null;
    },
    [deleteModel],
  );

  const upload = useCallback(
    (request: Pick<UploadModelRequest, "file" | "spec" | "onProgress" | "signal">) =>
      uploadModel(client, { ...request, headers: requestHeaders(apiKeys.get()) }),
    [client],
  );

  const added = (verb: string) => (model: { name: string }) =>
    setNotice(`${verb} ${model.name}: it is in the list below and in the automatic annotation dialog.`);

  return (
    <>
      {notice ? (
        <p role="status" className="notice">
          {notice}
        </p>
      ) : null}
      {fetching && !data ? <p role="status">Loading models…</p> : null}
      {error ? <p role="alert">Could not load the models: {describeModelRequestError(error).message}</p> : null}
      {data ? (
        <div className="model-groups">
          {groupModelsBySource(data.models).map((group) => (
            <section key={group.source} aria-labelledby={`models-${group.source}`} className="model-group" data-source={group.source}>
              <h3 id={`models-${group.source}`}>
                {group.title} <span className="count">({group.models.length})</span>
              </h3>
              <div className="model-cards">
                {group.models.map((model) => (
                  <ModelCard
                    key={model.id}
                    model={model}
                    onDelete={model.deletable ? onDelete : undefined}
                    onUpdateCredential={cloud && model.hub && model.deletable ? setCredentialFor : undefined}
                  />
                ))}
              </div>
            </section>
          ))}
          {data.models.length === 0 ? <p>No models yet.</p> : null}
        </div>
      ) : null}
      {credentialFor ? <HubCredentialForm key={credentialFor.id} model={credentialFor} onDone={() => setCredentialFor(null)} /> : null}
      <div className="model-forms">
        <ModelUploadForm upload={upload} onUploaded={added("Uploaded")} />
        {cloud ? (
          <>
            <HuggingFaceModelForm onAdded={added("Added")} />
            <RoboflowModelForm onAdded={added("Added")} />
          </>
        ) : null}
      </div>
    </>
  );
}

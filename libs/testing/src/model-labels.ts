import type { GraphQLTestClient } from "./graphql.client.js";

/** A task label as createTask takes it (the schema's LabelInput). */
export interface TaskLabelInput {
  name: string;
  type: string;
  attributes?: { name: string; inputType: string; values: string[]; defaultValue?: string }[];
  sublabels?: TaskLabelInput[];
}

interface ModelLabel {
  name: string;
  type: string;
  attributes: { name: string; inputType: string; values: string[]; defaultValue: string | null }[];
  sublabels?: ModelLabel[];
}

const MODEL_LABELS = /* GraphQL */ `
  query ModelLabels($id: ID!) {
    model(id: $id) {
      labels {
        name
        type
        attributes {
          ...Attribute
        }
        sublabels {
          name
          type
          attributes {
            ...Attribute
          }
        }
      }
    }
  }

  fragment Attribute on AttributeSpec {
    name
    inputType
    values
    defaultValue
  }
`;

const asTaskLabel = (label: ModelLabel): TaskLabelInput => ({
  name: label.name,
  type: label.type,
  attributes: label.attributes.map(({ defaultValue, ...attribute }) => (defaultValue == null ? attribute : { ...attribute, defaultValue })),
  ...(label.sublabels?.length ? { sublabels: label.sublabels.map(asTaskLabel) } : {}),
});

/**
 * A model's labels (`Model.labels`) as task labels that receive its shapes: what the system declares, so a test or the
 * demo needs no copy of a model's vocabulary (a skeleton's keypoints, a face's attributes).
 */
export async function modelTaskLabels(client: GraphQLTestClient, modelId: string): Promise<TaskLabelInput[]> {
  const { model } = await client.must<{ model: { labels: ModelLabel[] } | null }>(MODEL_LABELS, { id: modelId });
  if (!model) throw new Error(`no model "${modelId}"`);
  return model.labels.map(asTaskLabel);
}

import { graphql } from "../gql/index.js";

/**
 * Selections several features' documents spread (`...Name`): GraphQL Code Generator inlines them into each document
 * that names them, so these constants exist to define the fragments, not to be imported.
 */
/** An attribute's spec, as model and task labels both have it. */
export const ATTRIBUTE_SPEC_FIELDS = graphql(`
  fragment AttributeSpecFields on AttributeSpec {
    name
    inputType
    values
  }
`);
/** A model label with its skeleton points (points have none of their own). */
export const MODEL_LABEL_FIELDS = graphql(`
  fragment ModelLabelFields on ModelLabel {
    name
    type
    attributes {
      ...AttributeSpecFields
    }
    sublabels {
      name
      type
      attributes {
        ...AttributeSpecFields
      }
    }
  }
`);
/** A model as the automatic annotation dialog's picker lists it. */
export const MODEL_SUMMARY_FIELDS = graphql(`
  fragment ModelSummaryFields on Model {
    id
    name
    source
    kind
    defaultThreshold
    returnsMasks
    supported
    unsupportedReason
  }
`);
/** What a progress bar shows of a job. */
export const JOB_PROGRESS_FIELDS = graphql(`
  fragment JobProgressFields on AutoAnnotationJob {
    id
    taskId
    status
    framesTotal
    framesDone
    framesFailed
    fps
    etaSeconds
    failureCode
    failureReason
  }
`);

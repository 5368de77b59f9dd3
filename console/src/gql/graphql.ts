/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** QUEUED → RUNNING → COMMITTING → COMPLETED; CANCELLING → CANCELLED on cancel; FAILED when the frames could not be queued or the results could not be committed (see `failureCode`). */
export type JobStatus =
  /** Cancelled; the task's annotations are exactly as before. */
  | 'CANCELLED'
  /** Cancel requested; workers skip its frames and the task drops what was staged. */
  | 'CANCELLING'
  /** Every frame is settled; the task is applying the results in one transaction. */
  | 'COMMITTING'
  /** The results are in the task's annotations (failed frames are listed in `failures`). */
  | 'COMPLETED'
  /** The job could not run or its results could not be committed; the task's annotations are untouched (see `failureCode`). */
  | 'FAILED'
  /** Stored; its frames are being queued for the workers. */
  | 'QUEUED'
  /** Workers are annotating its frames. */
  | 'RUNNING';

export type TasksQueryVariables = Exact<{
  first: number;
}>;


export type TasksQuery = { tasks: { totalCount: number, edges: Array<{ node: { id: string, name: string, size: number, labels: Array<{ id: string }>, autoAnnotationJobs: Array<{ id: string, status: JobStatus }> } }> } };


export const TasksDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Tasks"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tasks"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"labels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"autoAnnotationJobs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<TasksQuery, TasksQueryVariables>;
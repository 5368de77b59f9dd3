import { graphql } from "../../gql/index.js";

/** Creates the task with its label schema (INVALID_LABEL_SCHEMA lists every problem; BAD_USER_INPUT for the name). */
export const CreateTaskMutation = graphql(`
  mutation CreateTask($input: CreateTaskInput!) {
    createTask(input: $input) {
      id
      name
    }
  }
`);
